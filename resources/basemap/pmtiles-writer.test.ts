import { PMTiles, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { PmtilesWriter, type ArchiveOptions } from './pmtiles-writer.ts';

/** The reader's view of an archive held in memory, as the renderer loads the shipped one. */
function reader(archive: Uint8Array): PMTiles {
  const source: Source = {
    getKey: () => 'test',
    getBytes: async (offset, length) => ({ data: archive.slice(offset, offset + length).buffer }),
  };
  return new PMTiles(source);
}

const options: ArchiveOptions = {
  tileCompression: 1,
  tileType: 1,
  bounds: [11.8, 57.6, 12.1, 57.8],
  center: [11.97, 57.7, 12],
  metadata: { name: 'test', vector_layers: [{ id: 'roads', fields: { name: 'String' } }] },
};
const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (data: ArrayBuffer | undefined) => (data ? new TextDecoder().decode(data) : undefined);

describe('PmtilesWriter', () => {
  it('writes an archive the pmtiles reader reads back: header, metadata and every tile', async () => {
    const writer = new PmtilesWriter();
    writer.addTile(0, 0, 0, new TextEncoder().encode('world'));
    writer.addTile(12, 2184, 1237, new TextEncoder().encode('gothenburg'));
    writer.addTile(12, 2185, 1237, new TextEncoder().encode('east'));
    const archive = reader(writer.finish(options));

    const header = await archive.getHeader();
    expect(header).toMatchObject({ specVersion: 3, minZoom: 0, maxZoom: 12, numAddressedTiles: 3, numTileContents: 3, tileType: 1, centerZoom: 12, clustered: true });
    expect(header.minLon).toBeCloseTo(11.8, 6);
    expect(header.maxLat).toBeCloseTo(57.8, 6);
    expect(await archive.getMetadata()).toEqual(options.metadata);
    expect(text((await archive.getZxy(0, 0, 0))?.data)).toBe('world');
    expect(text((await archive.getZxy(12, 2184, 1237))?.data)).toBe('gothenburg');
    expect(text((await archive.getZxy(12, 2185, 1237))?.data)).toBe('east');
    expect(await archive.getZxy(12, 0, 0)).toBeUndefined();
  });

  it('stores identical tiles once and collapses neighbouring repeats into runs', async () => {
    const writer = new PmtilesWriter();
    // z1's four tiles have consecutive ids: one run of three plus one different tile.
    writer.addTile(1, 0, 0, bytes(7, 7));
    writer.addTile(1, 0, 1, bytes(7, 7));
    writer.addTile(1, 1, 1, bytes(7, 7));
    writer.addTile(1, 1, 0, bytes(9));
    writer.addTile(0, 0, 0, bytes(9));
    const written = writer.finish(options);
    const archive = reader(written);
    const header = await archive.getHeader();
    expect(header.numAddressedTiles).toBe(5);
    expect(header.numTileContents).toBe(2);
    expect(header.tileDataLength).toBe(3);
    for (const [x, y] of [[0, 0], [0, 1], [1, 1]] as const) expect([...new Uint8Array((await archive.getZxy(1, x, y))?.data ?? new ArrayBuffer(0))]).toEqual([7, 7]);
    expect([...new Uint8Array((await archive.getZxy(1, 1, 0))?.data ?? new ArrayBuffer(0))]).toEqual([9]);
  });

  it('moves entries to leaf directories when the root would not fit in the first read', async () => {
    const writer = new PmtilesWriter();
    // 16,384 distinct tiles: too many entries for a 400-byte root, so at least four leaves.
    for (let x = 0; x < 128; x++) for (let y = 0; y < 128; y++) writer.addTile(7, x, y, new TextEncoder().encode(`${x}/${y}`));
    const archive = reader(writer.finish({ ...options, rootBudgetBytes: 400 }));
    const header = await archive.getHeader();
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(header.rootDirectoryLength).toBeLessThanOrEqual(400);
    for (const [x, y] of [[0, 0], [31, 17], [127, 127], [5, 120], [90, 3]] as const) expect(text((await archive.getZxy(7, x, y))?.data)).toBe(`${x}/${y}`);
  });
});
