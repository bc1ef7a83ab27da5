import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { evictOldestTrack, oldestTrackStart, tripCounts } from './trips-store.ts';
import { WorkspaceCache } from './workspace-cache.ts';

/** Who a cache file belongs to. The user is part of the key: a second person never opens it. */
export interface CacheOwner {
  serverUrl: string;
  username: string;
  tenantId: string;
}

const suffixes = ['', '-wal', '-shm', '-journal'];

/**
 * The offline cache files under `<profileDir>/caches/`: one SQLite file per (server, user,
 * tenant), named by a hash so the folder does not list who uses this computer.
 */
export class CacheRegistry {
  readonly dir: string;
  readonly #open = new Map<string, WorkspaceCache>();

  constructor(profileDir: string) {
    this.dir = join(profileDir, 'caches');
  }

  fileFor(owner: CacheOwner): string {
    const key = createHash('sha256').update(`${owner.serverUrl}\n${owner.username.toLowerCase()}\n${owner.tenantId}`).digest('hex').slice(0, 32);
    return join(this.dir, `${key}.sqlite`);
  }

  /** The workspace's offline region pack (a PMTiles archive) lives beside its cache file. */
  packFileFor(owner: CacheOwner): string {
    return this.fileFor(owner).replace(/\.sqlite$/, '.pmtiles');
  }

  open(owner: CacheOwner): WorkspaceCache {
    const file = this.fileFor(owner);
    let cache = this.#open.get(file);
    if (!cache) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      cache = new WorkspaceCache(file);
      this.#open.set(file, cache);
    }
    return cache;
  }

  /** An open cache of a workspace that is no longer active gives its page caches back. */
  release(owner: CacheOwner): void {
    this.#open.get(this.fileFor(owner))?.db.releaseMemory();
  }

  close(owner: CacheOwner): void {
    const file = this.fileFor(owner);
    this.#open.get(file)?.close();
    this.#open.delete(file);
  }

  /** Closes and deletes the files ("sign out and remove offline data"). */
  async remove(owners: CacheOwner[]): Promise<void> {
    for (const owner of owners) {
      this.close(owner);
      const file = this.fileFor(owner);
      for (const suffix of suffixes) await rm(`${file}${suffix}`, { force: true });
      await rm(this.packFileFor(owner), { force: true });
      await rm(`${this.packFileFor(owner)}.part`, { force: true });
    }
  }

  async bytesOf(owner: CacheOwner): Promise<number> {
    return fileBytes(this.fileFor(owner));
  }

  /** Every cache file on disk, including those of accounts no longer signed in. */
  async totalBytes(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let total = 0;
    for (const name of names) total += await stat(join(this.dir, name)).then((s) => s.size, () => 0);
    return total;
  }

  counts(owner: CacheOwner): { trips: number; cachedTracks: number } {
    const cache = this.#open.get(this.fileFor(owner));
    return cache ? tripCounts(cache.db) : { trips: 0, cachedTracks: 0 };
  }

  /**
   * Brings the cache files under `limitBytes` by evicting cached trip tracks (the bulk of the
   * data), the oldest trip first across every open workspace, one at a time: a track is
   * megabytes, so the files are measured again after each. Freed pages go back to the OS at
   * once (incremental vacuum, WAL truncated), or the size on disk would not move.
   */
  async enforceLimit(limitBytes: number): Promise<void> {
    for (let round = 0; round < 100_000 && (await this.totalBytes()) > limitBytes; round++) {
      let oldest: { cache: WorkspaceCache; start: number } | null = null;
      for (const cache of this.#open.values()) {
        const start = oldestTrackStart(cache.db);
        if (start !== null && (!oldest || start < oldest.start)) oldest = { cache, start };
      }
      if (!oldest) return;
      const { db } = oldest.cache;
      db.write((writer) => evictOldestTrack(writer));
      db.writer.exec('PRAGMA incremental_vacuum');
      db.writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    }
  }

  closeAll(): void {
    for (const cache of this.#open.values()) cache.close();
    this.#open.clear();
  }
}

async function fileBytes(file: string): Promise<number> {
  let total = 0;
  for (const suffix of suffixes) total += await stat(`${file}${suffix}`).then((s) => s.size, () => 0);
  return total;
}
