import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from './profile-store.ts';

describe('ProfileStore', () => {
  it('applies concurrent updates one after another, so none undoes another', async () => {
    const store = new ProfileStore(await mkdtemp(join(tmpdir(), 'profile-')));
    // The session saving the active workspace while the cache saves its limit, started together.
    await Promise.all([
      store.update((p) => {
        p.lastWorkspaceId = 'account:tenant';
      }),
      store.update((p) => {
        p.cacheLimitBytes = 123_456_789;
      }),
      store.update((p) => {
        p.tripWindowDays = 3;
      }),
    ]);
    const saved = await new ProfileStore(store.dir).load();
    expect(saved).toMatchObject({ lastWorkspaceId: 'account:tenant', cacheLimitBytes: 123_456_789, tripWindowDays: 3 });
  });

  it('flush waits for queued writes', async () => {
    const store = new ProfileStore(await mkdtemp(join(tmpdir(), 'profile-')));
    void store.update((p) => {
      p.lastWorkspaceId = 'a:b';
    });
    await store.flush();
    expect(JSON.parse(await readFile(join(store.dir, 'profile.json'), 'utf8'))).toMatchObject({ lastWorkspaceId: 'a:b' });
  });

  it('replaces a damaged file with defaults instead of failing the start', async () => {
    const store = new ProfileStore(await mkdtemp(join(tmpdir(), 'profile-')));
    await writeFile(join(store.dir, 'profile.json'), '{"version": 1, "accounts": [');
    expect((await store.load()).accounts).toEqual([]);
  });
});
