import { Type } from 'typebox';
import type { Bbox } from '../../api/map-packs.ts';
import type { BridgeErrorData } from '../bridge-error.ts';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/** The offline region pack kept on this computer for a workspace. */
export interface RegionPackInfo {
  /** Size of the pack file in bytes. */
  bytes: number;
  /** The area it covers: west, south, east, north. */
  bbox: Bbox;
  minZoom: number;
  maxZoom: number;
  /** When it was downloaded, ISO 8601. */
  downloadedAt: string;
}

export interface RegionPackStatus {
  workspaceId: string;
  pack: RegionPackInfo | null;
  /** A download in progress (the pack above, if any, stays in use until it completes). */
  download: { receivedBytes: number; totalBytes: number | null } | null;
  /** Why the last download failed, until the next one starts. */
  error: BridgeErrorData | null;
}

/** Largest slice of a pack one `mapPacks.read` returns. */
export const maxPackReadBytes = 4 * 1024 * 1024;

/**
 * Offline region packs ("Where is it?"): the vector tiles of the area where the workspace's fleet
 * operates, downloaded from the fleet cloud (contract/api/map-packs.ts) into one file per
 * workspace beside its offline cache, so the labelled map works offline outside the basemap the
 * console ships. The renderer's map reads the file through `mapPacks.read` (byte ranges of a
 * PMTiles archive). Status changes and download progress arrive as `onRegionPackStatus`.
 */
export const mapPacksInputs = {
  'mapPacks.status': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'mapPacks.download': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'mapPacks.remove': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'mapPacks.read': Type.Object(
    {
      workspaceId: WorkspaceId,
      offset: Type.Integer({ minimum: 0 }),
      length: Type.Integer({ minimum: 1, maximum: maxPackReadBytes }),
    },
    { additionalProperties: false },
  ),
} as const;

/** Bytes of a pack, base64 (both bridge transports carry it; the web host's is JSON text). */
export interface RegionPackBytes {
  workspaceId: string;
  base64: string;
}

export interface MapPacksOutputs {
  'mapPacks.status': RegionPackStatus;
  'mapPacks.download': RegionPackStatus;
  'mapPacks.remove': RegionPackStatus;
  'mapPacks.read': RegionPackBytes;
}

export interface MapPacksEvents {
  onRegionPackStatus: RegionPackStatus;
}
export const mapPacksEventNames = ['onRegionPackStatus'] as const satisfies ReadonlyArray<keyof MapPacksEvents>;

export interface MapPacksBridge {
  mapPacks: {
    status(input: BridgeInput<'mapPacks.status'>): Promise<RegionPackStatus>;
    /** Resolves when the download has finished (or failed: then `error` says why). */
    download(input: BridgeInput<'mapPacks.download'>): Promise<RegionPackStatus>;
    remove(input: BridgeInput<'mapPacks.remove'>): Promise<RegionPackStatus>;
    read(input: BridgeInput<'mapPacks.read'>): Promise<RegionPackBytes>;
  };
  onRegionPackStatus(listener: (status: RegionPackStatus) => void): Unsubscribe;
}

export function buildMapPacksBridge(call: BridgeCall, subscribe: BridgeSubscribe): MapPacksBridge {
  return {
    mapPacks: {
      status: (input) => unwrap(call('mapPacks.status', input)),
      download: (input) => unwrap(call('mapPacks.download', input)),
      remove: (input) => unwrap(call('mapPacks.remove', input)),
      read: (input) => unwrap(call('mapPacks.read', input)),
    },
    onRegionPackStatus: (listener) => subscribe('onRegionPackStatus', listener),
  };
}
