import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { basemapLayout } from '../basemap-layout.ts';

/** The committed archive, as the renderer reads it: whole, from memory. */
async function shipped(): Promise<PMTiles> {
  const bytes = await readFile(join(import.meta.dirname, '../basemap.pmtiles'));
  return new PMTiles({ getKey: () => 'shipped', getBytes: async (offset, length) => ({ data: bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length) }) });
}

async function tile(archive: PMTiles, z: number, lon: number, lat: number): Promise<VectorTile> {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * n);
  const data = (await archive.getZxy(z, x, y))?.data;
  if (!data) throw new Error(`no tile ${z}/${x}/${y}`);
  return new VectorTile(new PbfReader(new Uint8Array(data)));
}

const names = (t: VectorTile, layer: string) => Array.from({ length: t.layers[layer]?.length ?? 0 }, (_, i) => t.layers[layer]?.feature(i).properties.name);

describe('the shipped basemap archive', () => {
  it('declares the layers the style reads, and the zoom range of its bands', async () => {
    const archive = await shipped();
    const metadata = (await archive.getMetadata()) as { vector_layers: { id: string }[]; attribution: string };
    expect(metadata.vector_layers.map((l) => l.id)).toEqual(basemapLayout.vectorLayers.map((l) => l.id));
    expect(metadata.attribution).toBe(basemapLayout.attribution);
    const header = await archive.getHeader();
    expect([header.minZoom, header.maxZoom]).toEqual([basemapLayout.world.minZoom, basemapLayout.city.maxZoom]);
  });

  it('has named streets at street zoom in central Gothenburg and place names when zoomed out', async () => {
    const archive = await shipped();
    const street = await tile(archive, 14, 11.9746, 57.7089);
    expect(names(street, 'roads').filter(Boolean).length).toBeGreaterThan(10);
    expect(names(await tile(archive, 11, 11.9746, 57.7089), 'places')).toContain('Göteborg');
    expect(names(await tile(archive, 5, 18.07, 59.33), 'places')).toContain('Stockholm');
  });
});
