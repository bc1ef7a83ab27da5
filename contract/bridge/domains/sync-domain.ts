import { Type } from 'typebox';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

export type SyncState = 'online' | 'syncing' | 'offline';

/** Progress of a long download (first load, trip tracks); null when nothing is downloading. */
export interface SyncProgress {
  /** For people: "Downloading trips", "Downloading trip tracks" … */
  phase: string;
  done: number;
  total: number;
}

/** A workspace's connection to its fleet cloud, as the status bar shows it. */
export interface SyncStatus {
  workspaceId: string;
  state: SyncState;
  /** ISO time of the last completed sync; null before the first. */
  lastSyncedAt: string | null;
  /** ISO time the connection was lost; null while online. */
  offlineSince: string | null;
  progress: SyncProgress | null;
  /** Offline actions waiting to be sent. */
  pendingActions: number;
  /** Why the last attempt failed, for people; null when it did not. */
  lastError: string | null;
}

export type VaultKind = 'keychain' | 'encrypted-file' | 'memory';

/**
 * Why the OS keychain is not used, as a code the renderer words (with how to enable it):
 * - `keychain-module-missing`: the keychain module (keytar) is not installed or cannot load
 *   (on Linux it builds only where libsecret's headers exist);
 * - `keychain-unavailable`: the module loaded but no keychain service answered (on Linux: no
 *   Secret Service running on the session's D-Bus, or it refused to store);
 * - `keychain-no-answer`: the keychain did not answer in time (typically locked, with an unlock
 *   prompt nobody answered).
 */
export type KeychainProblem = 'keychain-module-missing' | 'keychain-unavailable' | 'keychain-no-answer';

/** Where sign-ins are kept when it is not the keychain, and why (docs/decisions/0080-offline-unlock-and-vault-notice.md). */
export interface VaultNotice {
  /** `encrypted-file`: a file in the console profile sealed by the OS (Electron safeStorage); `memory`: until the console quits. */
  vault: 'encrypted-file' | 'memory';
  reason: KeychainProblem;
  /** The engine's OS (process.platform): the fix differs per system. */
  platform: string;
  /** The underlying error, verbatim, for a support ticket; not for the main sentence. */
  detail: string;
}

/** Where this computer keeps the user's sign-in (see docs/decisions/0030-engine-vault-cache-sync.md and docs/decisions/0080-offline-unlock-and-vault-notice.md). */
export interface VaultStatus {
  kind: VaultKind;
  /** Set whenever sign-ins are not kept in the OS keychain; null when they are. */
  notice: VaultNotice | null;
}

export interface WorkspaceCacheInfo {
  workspaceId: string | null;
  tenantName: string | null;
  bytes: number;
  trips: number;
  cachedTracks: number;
}

export interface CacheInfo {
  totalBytes: number;
  limitBytes: number;
  /** Days of trips (with tracks) kept offline. */
  tripWindowDays: number;
  workspaces: WorkspaceCacheInfo[];
}

/** Trips of one calendar day (tenant time zone) kept offline. */
export interface OfflineDay {
  /** YYYY-MM-DD in the tenant's time zone. */
  day: string;
  trips: number;
  /** Trips whose track (the replayable path) is cached too. */
  tracksCached: number;
  bytes: number;
}

/** One kind of data kept offline, with the bytes of its stored rows. */
export interface OfflineData {
  kind: 'vehicles' | 'positions' | 'alerts' | 'geofences' | 'health' | 'addresses' | 'insights' | 'pendingActions';
  count: number;
  bytes: number;
}

/** What a workspace has available offline (the "Available offline" view). */
export interface OfflineContents {
  workspaceId: string;
  tenantName: string;
  /** The time zone the days are counted in (the tenant's). */
  timeZone: string;
  /** The cache file on disk, all of it. */
  fileBytes: number;
  /** Days of trips (with tracks) the engine keeps. */
  tripWindowDays: number;
  lastSyncedAt: string | null;
  /** Newest day first. */
  days: OfflineDay[];
  data: OfflineData[];
}

const MiB = 1024 * 1024;

/** Connectivity, offline cache size and where the sign-in lives. */
export const syncInputs = {
  'sync.status': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'vault.status': Type.Object({}, { additionalProperties: false }),
  'cache.info': Type.Object({}, { additionalProperties: false }),
  'cache.contents': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'cache.setLimit': Type.Object(
    {
      limitBytes: Type.Integer({ minimum: 50 * MiB, maximum: 100 * 1024 * MiB, description: 'Total offline cache size, 50 MiB – 100 GiB.' }),
      tripWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    },
    { additionalProperties: false },
  ),
} as const;

export interface SyncOutputs {
  'sync.status': SyncStatus;
  'vault.status': VaultStatus;
  'cache.info': CacheInfo;
  'cache.contents': OfflineContents;
  'cache.setLimit': CacheInfo;
}

export interface SyncEvents {
  onSyncStatus: SyncStatus;
}
export const syncEventNames = ['onSyncStatus'] as const satisfies ReadonlyArray<keyof SyncEvents>;

export interface SyncBridge {
  sync: {
    status(input: BridgeInput<'sync.status'>): Promise<SyncStatus>;
  };
  vault: {
    status(): Promise<VaultStatus>;
  };
  cache: {
    info(): Promise<CacheInfo>;
    /** A workspace's trips per day and data kinds in the offline cache, with sizes. */
    contents(input: BridgeInput<'cache.contents'>): Promise<OfflineContents>;
    setLimit(input: BridgeInput<'cache.setLimit'>): Promise<CacheInfo>;
  };
  onSyncStatus(listener: (status: SyncStatus) => void): Unsubscribe;
}

export function buildSyncBridge(call: BridgeCall, subscribe: BridgeSubscribe): SyncBridge {
  return {
    sync: {
      status: (input) => unwrap(call('sync.status', input)),
    },
    vault: {
      status: () => unwrap(call('vault.status', {})),
    },
    cache: {
      info: () => unwrap(call('cache.info', {})),
      contents: (input) => unwrap(call('cache.contents', input)),
      setLimit: (input) => unwrap(call('cache.setLimit', input)),
    },
    onSyncStatus: (listener) => subscribe('onSyncStatus', listener),
  };
}
