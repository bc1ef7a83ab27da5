import { describe, expect, it } from 'vitest';
import { addressesNamedByStyle, originOf, originsNamedByTileJson } from './map-addresses.ts';

describe('map addresses', () => {
  it('takes the origin of http(s) addresses and of pmtiles:// wrapping one, and nothing else', () => {
    expect(originOf('https://tiles.example.com/a/style.json')).toBe('https://tiles.example.com');
    expect(originOf('pmtiles://http://127.0.0.1:8081/basemap.pmtiles')).toBe('http://127.0.0.1:8081');
    expect(originOf('http://tiles.example.com:80/x')).toBe('http://tiles.example.com');
    for (const refused of ['file:///etc/passwd', 'ftp://tiles.example.com/x', 'fleet-tiles://detail/1/2/3', 'not a url', 'https://user:secret@tiles.example.com/x', 'data:text/plain,x']) {
      expect(originOf(refused), refused).toBeNull();
    }
  });

  it('lists the origins a style names for glyphs, sprites, tiles and data, and its TileJSON documents', () => {
    const named = addressesNamedByStyle({
      version: 8,
      glyphs: 'https://fonts.example.com/{fontstack}/{range}.pbf',
      sprite: [{ id: 'default', url: 'https://sprites.example.com/sprite' }],
      sources: {
        a: { type: 'vector', url: 'https://tilejson.example.com/tiles.json' },
        b: { type: 'vector', tiles: ['https://a.tiles.example.com/{z}/{x}/{y}.pbf', 'https://b.tiles.example.com/{z}/{x}/{y}.pbf'] },
        c: { type: 'vector', url: 'pmtiles://https://archive.example.com/planet.pmtiles' },
        d: { type: 'geojson', data: 'https://data.example.com/points.geojson' },
        e: { type: 'raster', tiles: ['file:///etc/passwd'] },
      },
      layers: [],
    });
    expect([...named.origins].sort()).toEqual([
      'https://a.tiles.example.com', 'https://archive.example.com', 'https://b.tiles.example.com', 'https://data.example.com',
      'https://fonts.example.com', 'https://sprites.example.com', 'https://tilejson.example.com',
    ]);
    expect(named.tileJson).toEqual(['https://tilejson.example.com/tiles.json']);
    expect(addressesNamedByStyle({ version: 8, sprite: 'https://sprites.example.com/s', sources: {}, layers: [] }).origins).toEqual(new Set(['https://sprites.example.com']));
  });

  it('names nothing for what is not a style or TileJSON document', () => {
    for (const value of [null, 'x', 42, [], { sources: 'x' }]) {
      expect(addressesNamedByStyle(value).origins.size).toBe(0);
      expect(originsNamedByTileJson(value).size).toBe(0);
    }
    expect(originsNamedByTileJson({ tiles: ['https://t.example.com/{z}/{x}/{y}.pbf', 7] })).toEqual(new Set(['https://t.example.com']));
  });
});
