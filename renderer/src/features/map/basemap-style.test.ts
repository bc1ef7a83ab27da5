import type { LayerSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { basemapLayout } from '../../../../resources/basemap/basemap-layout.ts';
import { basemapLabelLayerIds, basemapStyle, offlineStyle, type MapTheme } from './basemap-style.ts';

const archiveLayers = new Set(basemapLayout.vectorLayers.map((l) => l.id));
const shippedFonts = new Set(Object.keys(import.meta.glob('../../../../resources/basemap/glyphs/*/0-255.pbf')).map((p) => p.split('/').at(-2)));

/** Every font stack a layer may ask for (literal arrays inside expressions included). */
function fontsOf(layer: LayerSpecification): string[] {
  const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined;
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length === 1) out.push(v[0] as string);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(font);
  return out;
}

describe.each<MapTheme>(['dark', 'light'])('the offline basemap style (%s)', (theme) => {
  const style = offlineStyle(theme);

  it('reads only layers the archive has, from sources the style declares', () => {
    for (const layer of style.layers) {
      if (layer.type === 'background') continue;
      expect(Object.keys(style.sources), layer.id).toContain(layer.source);
      expect(archiveLayers, `${layer.id} → ${layer['source-layer']}`).toContain(layer['source-layer']);
    }
  });

  it('labels with shipped fonts only, and names streets along the roads', () => {
    const symbols = style.layers.filter((l) => l.type === 'symbol');
    expect(symbols.map((l) => l.id).sort()).toEqual([...basemapLabelLayerIds].sort());
    for (const layer of symbols) for (const font of fontsOf(layer)) expect(shippedFonts, `${layer.id}: ${font}`).toContain(font);
    const streets = symbols.filter((l) => l.id.startsWith('road-labels'));
    expect(streets.every((l) => l.layout?.['symbol-placement'] === 'line')).toBe(true);
    expect(style.glyphs).toMatch(/^fleet-glyphs:\/\/\{fontstack\}\/\{range\}/);
  });

  it('credits every data source on the map', () => {
    const credits = Object.values(style.sources).map((s) => ('attribution' in s ? s.attribution : '')).join(' ');
    for (const source of ['OpenStreetMap', 'Natural Earth', 'GeoNames']) expect(credits).toContain(source);
  });
});

describe('the detail band and region packs', () => {
  it('reads the shipped map\'s detail band through the region-pack protocol, wherever the fleet is', () => {
    const detail = offlineStyle('dark').sources.detail;
    expect(detail).toMatchObject({ tiles: ['fleet-tiles://detail/{z}/{x}/{y}'], minzoom: basemapLayout.region.minZoom, maxzoom: basemapLayout.city.maxZoom });
    expect(detail).not.toHaveProperty('bounds');
  });

  it('reads a tenant\'s online archive straight, within its bounds', () => {
    const online = basemapStyle('light', { key: 'https://tiles.example/a.pmtiles', minZoom: 0, maxZoom: 14, bounds: [10, 50, 20, 60] });
    expect(online.sources.detail).toMatchObject({ tiles: ['pmtiles://https://tiles.example/a.pmtiles/{z}/{x}/{y}'], bounds: [10, 50, 20, 60] });
  });
});

/** How a paint value varies: constant, per zoom, per feature, or both (MapLibre keys its shader programs by this). */
function kindOf(value: unknown): string {
  const uses = (name: string, v: unknown): boolean => Array.isArray(v) && (v[0] === name || v.some((x) => uses(name, x)));
  return `${uses('get', value) ? 'feature' : ''}${uses('zoom', value) ? 'zoom' : ''}` || 'constant';
}

describe.each<MapTheme>(['dark', 'light'])('the road casing and the roads (%s), decision 0420', (theme) => {
  const layers = offlineStyle(theme).layers;
  const casing = layers.find((l) => l.id === 'road-casing');
  const roads = layers.find((l) => l.id === 'roads');
  if (casing?.type !== 'line' || roads?.type !== 'line') throw new Error('the style has no road casing or roads line layer');

  it('group into one line bucket: same source, source-layer, filter, zoom range and layout', () => {
    const groupKey = (l: typeof casing) => JSON.stringify([l.type, l.source, l['source-layer'], l.filter, l.minzoom, l.maxzoom, l.layout]);
    expect(groupKey(casing)).toBe(groupKey(roads));
  });

  it('share one shader program: every paint property varies the same way in both', () => {
    const properties = new Set([...Object.keys(casing.paint ?? {}), ...Object.keys(roads.paint ?? {})]);
    for (const property of properties) {
      const kind = (l: typeof casing) => kindOf((l.paint as Record<string, unknown> | undefined)?.[property]);
      expect(kind(casing), property).toBe(kind(roads));
    }
  });

  it('draws no casing below street zoom: zero width up to zoom 11', () => {
    const width = casing.paint?.['line-width'];
    expect(Array.isArray(width) && width[0] === 'interpolate' ? width.slice(3, 5) : width).toEqual([11, 0]);
  });
});
