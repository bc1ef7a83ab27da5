import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtilesInMemory } from '../test/pmtiles-in-memory.ts';
import { PmtilesWriter } from '../../resources/basemap/pmtiles-writer.ts';
import { shippedMapArchive } from '../config.ts';
import { MapArchive } from './map-archive.ts';
import { cutRegionPack, paddedBbox, tileRange } from './region-pack.ts';

let dir: string;
let testArchive: string;
// Tiles of 1 KiB at zooms 7–10 over a box; one tile far away at zoom 7.
const area: [number, number, number, number] = [11.9, 57.65, 12.05, 57.75];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'region-pack-'));
  testArchive = join(dir, 'test.pmtiles');
  const writer = new PmtilesWriter();
  for (let z = 0; z <= 10; z++) {
    const r = tileRange(area, z);
    for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) writer.addTile(z, x, y, new Uint8Array(1024).fill((z * 31 + x + y) % 251));
  }
  writer.addTile(7, 0, 0, new Uint8Array(10).fill(1));
  await writeFile(testArchive, writer.finish({ tileCompression: 1, tileType: 1, bounds: [-180, -85, 180, 85], center: [12, 57.7, 7], metadata: { vector_layers: [{ id: 'roads' }] } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('region packs cut from a map archive', () => {
  it('copies the tiles of the area from zoom 7 up, byte for byte, with the bounds in the header', async () => {
    const archive = await MapArchive.open(testArchive);
    try {
      const pack = await cutRegionPack(archive, area, { maxBytes: 1024 * 1024, maxTiles: 10_000 });
      if (!pack) throw new Error('no pack');
      expect(pack).toMatchObject({ minZoom: 7, maxZoom: 10, bbox: area });
      const reader = pmtilesInMemory(pack.archive);
      const header = await reader.getHeader();
      expect(header).toMatchObject({ minZoom: 7, maxZoom: 10, minLon: area[0], maxLat: area[3] });
      const r = tileRange(area, 10);
      const tile = await reader.getZxy(10, r.x0, r.y0);
      expect(new Uint8Array(tile?.data ?? new ArrayBuffer(0))).toEqual(new Uint8Array(1024).fill((10 * 31 + r.x0 + r.y0) % 251));
      expect(await reader.getZxy(6, tileRange(area, 6).x0, tileRange(area, 6).y0)).toBeUndefined(); // the console ships z0–6
      expect(await reader.getZxy(7, 0, 0)).toBeUndefined(); // outside the area
      expect(await reader.getMetadata()).toMatchObject({ vector_layers: [{ id: 'roads' }], name: 'Fleet region pack' });
    } finally {
      await archive.close();
    }
  });

  it('stops before the first zoom that would pass the size limit, and gives nothing when even zoom 7 does not fit', async () => {
    const archive = await MapArchive.open(testArchive);
    try {
      const tilesUpTo = (z: number) => Array.from({ length: z - 6 }, (_, i) => tileRange(area, 7 + i)).reduce((n, r) => n + (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1), 0);
      const fitsNine = tilesUpTo(9) * 1024;
      expect((await cutRegionPack(archive, area, { maxBytes: fitsNine, maxTiles: 10_000 }))?.maxZoom).toBe(9);
      expect((await cutRegionPack(archive, area, { maxBytes: 10_000_000, maxTiles: tilesUpTo(8) }))?.maxZoom).toBe(8);
      expect(await cutRegionPack(archive, area, { maxBytes: 100, maxTiles: 10_000 })).toBeNull();
    } finally {
      await archive.close();
    }
  });

  it('cuts street-level tiles of Gothenburg from the shipped basemap', async () => {
    const archive = await MapArchive.open(shippedMapArchive);
    try {
      const pack = await cutRegionPack(archive, paddedBbox([11.93, 57.68, 12.0, 57.73]), { maxBytes: 64 * 1024 * 1024, maxTiles: 200_000 });
      expect(pack).toMatchObject({ minZoom: 7, maxZoom: 14 });
      expect(pack?.tileCount).toBeGreaterThan(50);
    } finally {
      await archive.close();
    }
  });

  it('refuses a file that is not a PMTiles archive', async () => {
    const notAnArchive = join(dir, 'not.pmtiles');
    await writeFile(notAnArchive, 'hello');
    await expect(MapArchive.open(notAnArchive)).rejects.toThrow();
  });

  it('pads a fleet area by a tenth of its size, at least ~5 km, inside the world', () => {
    const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 9));
    close(paddedBbox([11, 57, 13, 58]), [10.8, 56.9, 13.2, 58.1]);
    close(paddedBbox([11.97, 57.7, 11.97, 57.7]), [11.92, 57.65, 12.02, 57.75]);
    close(paddedBbox([-180, -85, 180, 85]), [-180, -85.05, 180, 85.05]);
  });
});
