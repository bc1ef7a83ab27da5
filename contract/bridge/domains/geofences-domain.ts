import { Type } from 'typebox';
import { CreateGeofenceRequest, UpdateGeofenceRequest, type Geofence } from '../../api/geofences.ts';
import { Uuid } from '../../api/ids.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

export interface GeofenceList {
  workspaceId: string;
  items: Geofence[];
}

/**
 * Geofences: listed from the cache (works offline); creating, changing and deleting need the
 * server (an offline attempt fails with `server-unreachable`), and a stale `expectedVersion`
 * fails with `conflict`.
 */
export const geofencesInputs = {
  'geofences.list': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'geofences.create': Type.Object({ workspaceId: WorkspaceId, geofence: CreateGeofenceRequest }, { additionalProperties: false }),
  'geofences.update': Type.Object({ workspaceId: WorkspaceId, geofenceId: Uuid, geofence: UpdateGeofenceRequest }, { additionalProperties: false }),
  'geofences.delete': Type.Object({ workspaceId: WorkspaceId, geofenceId: Uuid }, { additionalProperties: false }),
} as const;

export interface GeofencesOutputs {
  'geofences.list': GeofenceList;
  'geofences.create': Geofence;
  'geofences.update': Geofence;
  'geofences.delete': { workspaceId: string; geofenceId: string };
}

export interface GeofencesBridge {
  geofences: {
    list(input: BridgeInput<'geofences.list'>): Promise<GeofenceList>;
    create(input: BridgeInput<'geofences.create'>): Promise<Geofence>;
    update(input: BridgeInput<'geofences.update'>): Promise<Geofence>;
    delete(input: BridgeInput<'geofences.delete'>): Promise<{ workspaceId: string; geofenceId: string }>;
  };
}

export function buildGeofencesBridge(call: BridgeCall): GeofencesBridge {
  return {
    geofences: {
      list: (input) => unwrap(call('geofences.list', input)),
      create: (input) => unwrap(call('geofences.create', input)),
      update: (input) => unwrap(call('geofences.update', input)),
      delete: (input) => unwrap(call('geofences.delete', input)),
    },
  };
}
