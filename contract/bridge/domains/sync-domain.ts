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

/** Where this computer keeps the user's sign-in (see docs/decisions/0030-engine-vault-cache-sync.md). */
export interface VaultStatus {
  kind: 'keychain' | 'encrypted-file' | 'memory';
  /** Shown to the user when the sign-in will not survive a restart; null otherwise. */
  notice: string | null;
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

const MiB = 1024 * 1024;

/** Connectivity, offline cache size and where the sign-in lives. */
export const syncInputs = {
  'sync.status': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'vault.status': Type.Object({}, { additionalProperties: false }),
  'cache.info': Type.Object({}, { additionalProperties: false }),
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
      setLimit: (input) => unwrap(call('cache.setLimit', input)),
    },
    onSyncStatus: (listener) => subscribe('onSyncStatus', listener),
  };
}
