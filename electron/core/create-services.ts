import type { BridgeEventName, BridgeEvents, BridgeHandlers } from '../../contract/bridge/console-bridge.ts';
import { createBridgeRouter, type BridgeRouter } from './bridge/bridge-router.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultStatus } from '../../contract/bridge/domains/sync-domain.ts';
import { adminHandlers } from './admin/admin-handlers.ts';
import { alertsHandlers } from './alerts/alerts-handlers.ts';
import { DeskBehaviourStore } from './alerts/desk-behaviour.ts';
import { CacheRegistry } from './cache/cache-registry.ts';
import { WorkspaceCache } from './cache/workspace-cache.ts';
import { deskHandlers } from './desk/desk-handlers.ts';
import { DeskSelections } from './desk/desk-selections.ts';
import { devicesHandlers } from './devices/devices-handlers.ts';
import { fleetHandlers } from './fleet/fleet-handlers.ts';
import { FleetApiClient } from './fleet-api/fleet-api-client.ts';
import { geofencesHandlers } from './geofences/geofences-handlers.ts';
import { MapAccess } from './map-gateway/map-access.ts';
import { loadMapDocument, MapGateway } from './map-gateway/map-gateway.ts';
import { mapPreviewHandlers } from './map-gateway/map-preview-handlers.ts';
import { mapPacksHandlers } from './map-packs/map-packs-handlers.ts';
import { RegionPacks } from './map-packs/region-packs.ts';
import { placesHandlers } from './places/places-handlers.ts';
import { supportHandlers } from './support/support-handlers.ts';
import { ProfileStore } from './profile/profile-store.ts';
import type { Schedule } from './schedule.ts';
import { sessionHandlers } from './session/session-handlers.ts';
import { SessionManager } from './session/session-manager.ts';
import { SyncCoordinator } from './sync/sync-coordinator.ts';
import { syncHandlers } from './sync/sync-handlers.ts';
import { insightsHandlers } from './insights/insights-handlers.ts';
import { reportsHandlers } from './reports/reports-handlers.ts';
import { tripsHandlers } from './trips/trips-handlers.ts';
import { openTokenVault, type OpenVaultOptions } from './vault/open-vault.ts';
import { MemoryTokenVault, type TokenVault } from './vault/token-vault.ts';

export interface ServicesOptions {
  vault?: TokenVault;
  /** Where the vault came from, for the user (see openServices). Default: memory, no notice. */
  vaultStatus?: VaultStatus;
  /**
   * The profile directory: profile.json, offline caches, the encrypted-file vault. Electron:
   * app.getPath('userData'); web host: an option. Absent: a fresh temporary directory, so
   * tests and throw-away engines never share data.
   */
  profileDir?: string;
  logError?: (error: unknown, context: string) => void;
  /** Items per page of sync pulls (default 2000); tests make it small to cut a first load short. */
  syncPageSize?: number;
  /** How often an online workspace pulls trips, geofences and health by cursor (default 60 s). */
  syncIntervalMs?: number;
  /**
   * Runs a failed sync's retry once its backoff delay has passed (default: a timer). Tests pass a
   * manual one and fire the retry when the network or server is back, instead of sleeping it out.
   */
  scheduleSyncRetry?: Schedule;
  /** Plans the next check of whether an offline account's server answers again (default: a timer every 5 s). */
  scheduleReachability?: Schedule;
  /**
   * Download a workspace's offline region pack by itself once it has synced (default on); the
   * person can always download or remove it in Settings.
   */
  autoRegionPacks?: boolean;
}

export type EngineEventListener = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;

export interface Services {
  sessions: SessionManager;
  profileDir: string;
  /** Resolves when the last run's accounts are restored; `route` waits for it. */
  ready: Promise<void>;
  handlers: BridgeHandlers;
  /** Fetches the active workspace's online map for the page (contract/map-gateway.ts); the hosts serve it. */
  mapGateway: MapGateway;
  /** Validating entry point for a host: method name + untrusted input → result envelope. */
  route: BridgeRouter;
  /** A host forwards these to its renderer(s). */
  onEvent(listener: EngineEventListener): () => void;
  close(): Promise<void>;
}

/** The console engine's composition root: the one place that decides which class gets what. */
export function createServices(options: ServicesOptions = {}): Services {
  const vault = options.vault ?? new MemoryTokenVault();
  const vaultStatus: VaultStatus = options.vaultStatus ?? { kind: vault.kind, notice: null };
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'fleet-console-profile-'));
  const profile = new ProfileStore(profileDir);
  const caches = new CacheRegistry(profileDir);
  const sessions = new SessionManager({ vault, profile, createApi: (serverUrl) => new FleetApiClient(serverUrl),
    ...(options.scheduleReachability ? { scheduleReachability: options.scheduleReachability } : {}) });
  const listeners = new Set<EngineEventListener>();
  let packs: RegionPacks | null = null;
  const emit: EngineEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
    // A workspace that has synced keeps an offline pack of its fleet's area (unless removed).
    if (event === 'onSyncStatus' && options.autoRegionPacks !== false) {
      const status = payload as BridgeEvents['onSyncStatus'];
      if (status.state === 'online' && status.lastSyncedAt !== null) {
        void packs?.ensure(status.workspaceId).catch((error: unknown) => (options.logError ?? console.error)(error, 'region pack'));
      }
    }
  };
  const syncs = new SyncCoordinator({ sessions, caches, profile, emit, ...(options.syncPageSize ? { pageSize: options.syncPageSize } : {}),
    ...(options.syncIntervalMs ? { pullIntervalMs: options.syncIntervalMs } : {}),
    ...(options.scheduleSyncRetry ? { scheduleRetry: options.scheduleSyncRetry } : {}) });

  const selections = new DeskSelections((selection) => emit('onDeskSelection', selection));
  packs = new RegionPacks({ sessions, syncs, caches, emit: (status) => emit('onRegionPackStatus', status) });

  // The page reaches the tenant's online map only through this (docs/decisions/0240-map-gateway.md):
  // the saved source is the one in the active workspace's cache, the same the renderer draws.
  const mapAccess = new MapAccess({
    savedSource: () => {
      const workspaceId = sessions.state().activeWorkspaceId;
      if (!workspaceId) return null;
      try {
        return { workspaceId, source: syncs.cache(workspaceId).settings()?.settings.mapSource ?? null };
      } catch (error) {
        // A cache that cannot be opened (being removed at sign-out) serves no map, not even a Preview.
        (options.logError ?? console.error)(error, 'map gateway');
        return null;
      }
    },
    loadJson: loadMapDocument,
  });
  const mapGateway = new MapGateway({ access: mapAccess });

  // One handler set per bridge domain (contract/bridge/domains); TypeScript checks that together
  // they cover every method of the contract.
  const handlers: BridgeHandlers = {
    ...sessionHandlers(sessions, syncs),
    ...devicesHandlers(sessions, syncs),
    ...fleetHandlers(sessions, syncs),
    ...alertsHandlers(sessions, syncs, new DeskBehaviourStore(profile)),
    ...tripsHandlers(sessions, syncs, emit),
    ...geofencesHandlers(sessions, syncs),
    ...placesHandlers(sessions, syncs),
    ...supportHandlers(sessions),
    ...mapPacksHandlers(packs),
    ...adminHandlers(sessions, (workspaceId, settings) => syncs.cache(workspaceId).db.write((db) => WorkspaceCache.putSettings(db, settings))),
    ...syncHandlers({ sessions, syncs, caches, profile, vault: vaultStatus }),
    ...deskHandlers(sessions, selections),
    ...mapPreviewHandlers(sessions, mapAccess),
    ...insightsHandlers(sessions, syncs),
    ...reportsHandlers(sessions, syncs),
  };

  const unsubscribeSessions = sessions.onChange((state) => {
    // Stop the previous workspace's stream before the renderer hears of the switch.
    syncs.follow(state);
    emit('onSessionChanged', state);
  });
  const ready = syncs.init().then(() => sessions.restore()).then(() => undefined, (error: unknown) => {
    (options.logError ?? console.error)(error, 'restore');
  });
  const router = createBridgeRouter(handlers, { logError: options.logError ?? ((error, method) => console.error(`[engine] ${method} failed:`, error)) });

  return {
    sessions,
    profileDir,
    ready,
    handlers,
    mapGateway,
    route: async (method, input) => {
      await ready;
      return router(method, input);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await ready;
      unsubscribeSessions();
      syncs.close();
      await packs?.close();
      await sessions.close();
      listeners.clear();
    },
  };
}

/**
 * Opens the engine as a host does at start-up: the best token vault this machine has
 * (keychain → the host's cipher → memory with a notice), then the services.
 */
export async function openServices(options: Omit<ServicesOptions, 'vault' | 'vaultStatus' | 'profileDir'> & { profileDir: string; cipher?: OpenVaultOptions['cipher'] }): Promise<Services> {
  const { vault, status } = await openTokenVault({ profileDir: options.profileDir, ...(options.cipher ? { cipher: options.cipher } : {}) });
  return createServices({ ...options, vault, vaultStatus: status });
}
