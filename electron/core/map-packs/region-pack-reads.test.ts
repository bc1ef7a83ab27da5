import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegionPacks, type RegionPacksDeps } from './region-packs.ts';

// Reads and closes of one pack file on the real file system: the map keeps asking for byte ranges
// while a new pack replaces the old one (or the engine shuts down), and no read may fail for it.
let dir: string;
let file: string;
const content = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => i % 251));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'region-pack-reads-'));
  file = join(dir, 'workspace.pmtiles');
  await writeFile(file, content);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Only the file lookups `read` and `close` use; downloads are covered against the real fleet cloud (region-packs.test.ts). */
function packsOver(path: string): RegionPacks {
  const deps = { caches: { packFileFor: () => path }, syncs: { ownerOf: () => 'owner' } } as unknown as RegionPacksDeps;
  return new RegionPacks(deps);
}

describe('region pack reads', () => {
  it('finishes the reads already running when the pack is closed, and opens the file again for later ones', async () => {
    const packs = packsOver(file);
    const offsets = Array.from({ length: 40 }, (_, i) => i * 1000);
    const reads = offsets.map((offset) => packs.read('w', offset, 1500).then((b) => Buffer.from(b).equals(content.subarray(offset, offset + 1500))));
    await packs.close();
    expect(await Promise.all(reads)).toEqual(offsets.map(() => true));
    expect(Buffer.from(await packs.read('w', 10, 5)).equals(content.subarray(10, 15))).toBe(true);
    await packs.close();
  });

  it('says the pack is not stored when there is no file', async () => {
    const packs = packsOver(join(dir, 'missing.pmtiles'));
    await expect(packs.read('w', 0, 10)).rejects.toMatchObject({ code: 'not-found' });
    await packs.close();
  });
});
