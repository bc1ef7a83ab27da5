import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { bytesToHeader } from 'pmtiles';
import { regionPackBytes } from '../../../contract/api/map-packs.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { RegionPackInfo, RegionPackStatus } from '../../../contract/bridge/domains/map-packs-domain.ts';
import type { CacheRegistry } from '../cache/cache-registry.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/** A PMTiles v3 header is 127 bytes; the spec keeps header + root directory within the first 16 KiB. */
const headerBytes = 127;
/** Progress events at most this often per download (a pack arrives in thousands of chunks). */
const progressEveryMs = 100;
const autoKey = 'regionPack.declined';
/** After an automatic download failed, the next automatic try waits this long (a person may retry at once). */
const autoRetryMs = 10 * 60_000;

export interface RegionPacksDeps {
  sessions: SessionManager;
  syncs: SyncCoordinator;
  caches: CacheRegistry;
  emit(status: RegionPackStatus): void;
  now?: () => number;
  /** Largest pack asked of the fleet cloud (bytes of tiles). */
  maxBytes?: number;
}

interface Progress {
  received: number;
  total: number | null;
}
type Download = Progress & { done: Promise<RegionPackStatus> };

/** The pack's area and zooms from its own header: the file describes itself, nothing else is stored. */
export async function readPackInfo(file: string): Promise<RegionPackInfo | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const bytes = new Uint8Array(headerBytes);
    const { bytesRead } = await handle.read(bytes, 0, headerBytes, 0);
    if (bytesRead < headerBytes || new TextDecoder().decode(bytes.subarray(0, 7)) !== 'PMTiles' || bytes[7] !== 3) return null;
    const h = bytesToHeader(bytes.buffer);
    const { size, mtimeMs } = await handle.stat();
    return { bytes: size, bbox: [h.minLon, h.minLat, h.maxLon, h.maxLat], minZoom: h.minZoom, maxZoom: h.maxZoom, downloadedAt: new Date(mtimeMs).toISOString() };
  } finally {
    await handle.close();
  }
}

/**
 * Each workspace's offline region pack: downloaded from the fleet cloud into a `.part` file and
 * renamed into place only once complete and readable, so a cut connection never leaves a broken
 * pack (the previous one stays in use); removed on request or with the workspace's offline data.
 * One download per workspace at a time: asking again joins the running one.
 */
export class RegionPacks {
  readonly #d: RegionPacksDeps;
  readonly #downloads = new Map<string, Download>();
  readonly #errors = new Map<string, RegionPackStatus['error']>();
  /** The open pack per workspace, with its reads in flight: closing waits for them (a read on a closed handle fails with EBADF). */
  readonly #readers = new Map<string, { handle: Promise<FileHandle>; reading: Set<Promise<unknown>> }>();
  readonly #autoTried = new Map<string, number>();

  constructor(deps: RegionPacksDeps) {
    this.#d = deps;
  }

  #file(workspaceId: string): string {
    return this.#d.caches.packFileFor(this.#d.syncs.ownerOf(workspaceId));
  }

  async status(workspaceId: string): Promise<RegionPackStatus> {
    const running = this.#downloads.get(workspaceId);
    return {
      workspaceId,
      pack: await readPackInfo(this.#file(workspaceId)),
      download: running ? { receivedBytes: running.received, totalBytes: running.total } : null,
      error: this.#errors.get(workspaceId) ?? null,
    };
  }

  /**
   * Downloads the pack (again). A person asking for it also undoes an earlier "remove", so the
   * automatic download below is allowed again.
   */
  download(workspaceId: string, options: { automatic?: boolean } = {}): Promise<RegionPackStatus> {
    const running = this.#downloads.get(workspaceId);
    if (running) return running.done;
    if (!options.automatic) this.#setDeclined(workspaceId, false);
    const progress: Progress = { received: 0, total: null };
    const done = this.#run(workspaceId, progress)
      .finally(() => this.#downloads.delete(workspaceId))
      .then(async () => {
        const status = await this.status(workspaceId);
        this.#d.emit(status);
        return status;
      });
    this.#downloads.set(workspaceId, Object.assign(progress, { done }));
    return done;
  }

  /** Downloads the pack once a workspace is online and has none, unless the person removed it. */
  async ensure(workspaceId: string): Promise<void> {
    const now = (this.#d.now ?? Date.now)();
    if (this.#downloads.has(workspaceId) || now - (this.#autoTried.get(workspaceId) ?? -Infinity) < autoRetryMs) return;
    if (this.#declined(workspaceId) || !this.#d.syncs.sync(workspaceId).online) return;
    if (await readPackInfo(this.#file(workspaceId))) return;
    this.#autoTried.set(workspaceId, now);
    await this.download(workspaceId, { automatic: true });
  }

  async remove(workspaceId: string): Promise<RegionPackStatus> {
    await this.#closeReader(workspaceId);
    const file = this.#file(workspaceId);
    await rm(file, { force: true });
    this.#errors.delete(workspaceId);
    this.#setDeclined(workspaceId, true);
    const status = await this.status(workspaceId);
    this.#d.emit(status);
    return status;
  }

  /** A byte range of the pack, for the renderer's PMTiles reader. */
  async read(workspaceId: string, offset: number, length: number): Promise<Uint8Array> {
    let reader = this.#readers.get(workspaceId);
    if (!reader) {
      const opened = { handle: open(this.#file(workspaceId), 'r'), reading: new Set<Promise<unknown>>() };
      opened.handle.catch(() => {
        if (this.#readers.get(workspaceId) === opened) this.#readers.delete(workspaceId);
      });
      this.#readers.set(workspaceId, (reader = opened));
    }
    const reading = reader.handle.then(
      async (file) => {
        const bytes = new Uint8Array(length);
        const { bytesRead } = await file.read(bytes, 0, length, offset);
        return bytesRead === length ? bytes : bytes.subarray(0, bytesRead);
      },
      () => {
        throw new BridgeError('not-found', 'No offline map of this workspace is stored on this computer.', undefined, { reason: 'not-stored-offline', params: { what: 'region-pack' } });
      },
    );
    const inFlight = reader.reading;
    inFlight.add(reading);
    try {
      return await reading;
    } finally {
      inFlight.delete(reading);
    }
  }

  async close(): Promise<void> {
    for (const workspaceId of [...this.#readers.keys()]) await this.#closeReader(workspaceId);
  }

  async #run(workspaceId: string, entry: Progress): Promise<void> {
    const file = this.#file(workspaceId);
    const part = `${file}.part`;
    this.#errors.delete(workspaceId);
    let lastEmit = 0;
    const now = this.#d.now ?? Date.now;
    this.#d.emit({ workspaceId, pack: await readPackInfo(file), download: { receivedBytes: 0, totalBytes: null }, error: null });
    try {
      const path = `/api/map/region-pack?maxBytes=${this.#d.maxBytes ?? regionPackBytes.default}`;
      await this.#d.sessions.withAccess(workspaceId, (client, token) =>
        client.downloadFile(path, token, part, (received, total) => {
          entry.received = received;
          entry.total = total;
          if (now() - lastEmit < progressEveryMs && received !== total) return;
          lastEmit = now();
          void this.status(workspaceId).then((status) => this.#d.emit(status));
        }),
      );
      if (!(await readPackInfo(part))) throw new BridgeError('server-error', 'The fleet server sent a map pack this console cannot read.', undefined, { reason: 'region-pack-invalid' });
      await this.#closeReader(workspaceId);
      await rename(part, file);
    } catch (error) {
      await rm(part, { force: true });
      this.#errors.set(workspaceId, error instanceof BridgeError ? error.toData() : new BridgeError('internal', 'The map pack could not be stored.').toData());
    }
  }

  /**
   * Later reads open the file anew (a new pack, or none); reads already running finish on the
   * old handle first: the map asking for tiles while a new pack lands gets the old pack's bytes,
   * not an error.
   */
  async #closeReader(workspaceId: string): Promise<void> {
    const reader = this.#readers.get(workspaceId);
    if (!reader) return;
    this.#readers.delete(workspaceId);
    await Promise.allSettled([...reader.reading]);
    await reader.handle.then((h) => h.close(), () => undefined);
  }

  #declined(workspaceId: string): boolean {
    return this.#d.syncs.cache(workspaceId).getState(autoKey) === '1';
  }

  #setDeclined(workspaceId: string, declined: boolean): void {
    const cache = this.#d.syncs.cache(workspaceId);
    cache.db.write((db) => WorkspaceCache.setState(db, autoKey, declined ? '1' : null));
  }
}
