import type { SessionState } from '../../../contract/bridge/session.ts';
import type { CacheOwner, CacheRegistry } from '../cache/cache-registry.ts';
import type { WorkspaceCache } from '../cache/workspace-cache.ts';
import type { ProfileStore } from '../profile/profile-store.ts';
import type { Schedule } from '../schedule.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncEmit } from './sync-events.ts';
import { WorkspaceSync } from './workspace-sync.ts';

export interface SyncCoordinatorDeps {
  sessions: SessionManager;
  caches: CacheRegistry;
  profile: ProfileStore;
  emit: SyncEmit;
  /** Items per page of list pulls; tests make it small to cut a first load short. */
  pageSize?: number;
  /** How often an online workspace pulls its lists by cursor (default 60 s). */
  pullIntervalMs?: number;
  /** Runs a failed sync's retry after its backoff delay (default: a timer). */
  scheduleRetry?: Schedule;
}

/**
 * Runs the sync of the active workspace and keeps the caches of the others closed but on disk
 * (a warm switch reopens the file). Follows the session: a switch stops the previous workspace's
 * live stream before the next one starts, so no event of one workspace is emitted after the
 * switch to another; an ended session stops its syncs.
 */
export class SyncCoordinator {
  readonly #d: SyncCoordinatorDeps;
  readonly #syncs = new Map<string, WorkspaceSync>();
  #tripWindowDays = 7;
  #limitBytes = Number.POSITIVE_INFINITY;

  constructor(deps: SyncCoordinatorDeps) {
    this.#d = deps;
  }

  async init(): Promise<void> {
    const profile = await this.#d.profile.load();
    this.#tripWindowDays = profile.tripWindowDays;
    this.#limitBytes = profile.cacheLimitBytes;
  }

  /** Days of trips the caches keep (the offline reports' window). */
  get tripWindowDays(): number {
    return this.#tripWindowDays;
  }

  set tripWindowDays(days: number) {
    this.#tripWindowDays = days;
  }

  set limitBytes(bytes: number) {
    this.#limitBytes = bytes;
  }

  ownerOf(workspaceId: string): CacheOwner {
    const owner = this.#d.sessions.owner(workspaceId);
    return { serverUrl: owner.account.serverUrl, username: owner.account.username, tenantId: owner.tenantId };
  }

  cache(workspaceId: string): WorkspaceCache {
    return this.#d.caches.open(this.ownerOf(workspaceId));
  }

  /** The workspace's sync, started if it is not running. */
  sync(workspaceId: string): WorkspaceSync {
    let sync = this.#syncs.get(workspaceId);
    if (!sync) {
      sync = new WorkspaceSync({
        workspaceId,
        cache: this.cache(workspaceId),
        sessions: this.#d.sessions,
        emit: this.#d.emit,
        tripWindowDays: () => this.#tripWindowDays,
        hasRoom: async () => (await this.#d.caches.totalBytes()) < this.#limitBytes,
        ...(this.#d.pageSize ? { pageSize: this.#d.pageSize } : {}),
        ...(this.#d.pullIntervalMs ? { pullIntervalMs: this.#d.pullIntervalMs } : {}),
        ...(this.#d.scheduleRetry ? { scheduleRetry: this.#d.scheduleRetry } : {}),
      });
      this.#syncs.set(workspaceId, sync);
      sync.start();
    }
    return sync;
  }

  /** Called on every session change. */
  follow(state: SessionState): void {
    const known = new Set(state.workspaces.map((w) => w.workspaceId));
    for (const [id, sync] of this.#syncs) {
      if (id === state.activeWorkspaceId && known.has(id)) continue;
      sync.stop();
      this.#syncs.delete(id);
      if (known.has(id)) this.#d.caches.release(this.ownerOf(id));
    }
    if (state.activeWorkspaceId && known.has(state.activeWorkspaceId)) this.sync(state.activeWorkspaceId);
  }

  /** Before signing out: stop syncing and close (and optionally delete) the account's caches. */
  async releaseAccount(accountId: string, removeOfflineData: boolean): Promise<void> {
    const owners = this.#d.sessions.workspacesOf(accountId);
    for (const owner of owners) {
      this.#syncs.get(owner.workspaceId)?.stop();
      this.#syncs.delete(owner.workspaceId);
    }
    const cacheOwners = owners.map((o) => this.ownerOf(o.workspaceId));
    if (removeOfflineData) await this.#d.caches.remove(cacheOwners);
    else for (const owner of cacheOwners) this.#d.caches.close(owner);
  }

  close(): void {
    for (const sync of this.#syncs.values()) sync.stop();
    this.#syncs.clear();
    this.#d.caches.closeAll();
  }
}
