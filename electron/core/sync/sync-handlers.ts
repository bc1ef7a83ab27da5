import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { CacheInfo, syncInputs, VaultStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import type { CacheRegistry } from '../cache/cache-registry.ts';
import { offlineContents } from '../cache/offline-contents.ts';
import type { ProfileStore } from '../profile/profile-store.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncCoordinator } from './sync-coordinator.ts';

export function syncHandlers(deps: { sessions: SessionManager; syncs: SyncCoordinator; caches: CacheRegistry; profile: ProfileStore; vault: VaultStatus }): Pick<BridgeHandlers, keyof typeof syncInputs> {
  const { sessions, syncs, caches, profile } = deps;

  async function info(): Promise<CacheInfo> {
    const saved = await profile.load();
    const workspaces = [];
    for (const w of sessions.state().workspaces) {
      const owner = syncs.ownerOf(w.workspaceId);
      workspaces.push({ workspaceId: w.workspaceId, tenantName: w.tenantName, bytes: await caches.bytesOf(owner), ...caches.counts(owner) });
    }
    return { totalBytes: await caches.totalBytes(), limitBytes: saved.cacheLimitBytes, tripWindowDays: saved.tripWindowDays, workspaces };
  }

  return {
    'sync.status': async ({ workspaceId }) => syncs.sync(workspaceId).status(),
    'vault.status': async () => deps.vault,
    'cache.info': info,
    'cache.contents': async ({ workspaceId }) => {
      const owner = syncs.ownerOf(workspaceId);
      const cache = syncs.cache(workspaceId);
      const timeZone = cache.settings()?.settings.timeZone ?? 'UTC';
      const saved = await profile.load();
      return {
        workspaceId,
        tenantName: sessions.owner(workspaceId).tenantName,
        timeZone,
        fileBytes: await caches.bytesOf(owner),
        tripWindowDays: saved.tripWindowDays,
        lastSyncedAt: syncs.sync(workspaceId).status().lastSyncedAt,
        ...offlineContents(cache.db, timeZone),
      };
    },
    'cache.setLimit': async ({ limitBytes, tripWindowDays }) => {
      const saved = await profile.update((p) => {
        p.cacheLimitBytes = limitBytes;
        if (tripWindowDays !== undefined) p.tripWindowDays = tripWindowDays;
      });
      syncs.tripWindowDays = saved.tripWindowDays;
      syncs.limitBytes = saved.cacheLimitBytes;
      await caches.enforceLimit(limitBytes);
      return info();
    },
  };
}
