import { Type } from 'typebox';
import type { Device, DeviceStatus } from '../../api/devices.ts';
import { Uuid } from '../../api/ids.ts';
import type { SettingsResponse } from '../../api/settings.ts';
import type { DeviceHealth } from '../../api/telemetry.ts';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';
import type { SyncStatus } from './sync-domain.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/**
 * Live vehicle positions, columnar: entry i of every array describes `deviceIds[i]`. The engine
 * coalesces the stream (latest fix per device wins) and sends at most ~4 batches per second.
 */
export interface LivePositionsBatch {
  workspaceId: string;
  /** Stream sequence of the newest fix in the batch. */
  seq: number;
  deviceIds: string[];
  longitudes: number[];
  latitudes: number[];
  speedsKmh: number[];
  courses: number[];
  /** Epoch milliseconds. */
  fixTimes: number[];
  statuses: DeviceStatus[];
}

/** Everything the map and the device list need to paint a workspace, from the offline cache. */
export interface FleetSnapshot {
  workspaceId: string;
  devices: Device[];
  /** Latest position per device (the same columns as onLivePositions). */
  positions: LivePositionsBatch;
  /** null until the first sync of this workspace fetched them. */
  settings: SettingsResponse | null;
  sync: SyncStatus;
}

/** Something about the workspace's devices changed: call devices.list / fleet.snapshot again. */
export interface DevicesChangedEvent {
  workspaceId: string;
}

/**
 * Vehicles whose status changed without a new position (went quiet, parked, offline): applied
 * to the live state as they are, never by reloading the fleet snapshot (issue 12).
 */
export interface DeviceStatusesEvent {
  workspaceId: string;
  deviceIds: string[];
  statuses: DeviceStatus[];
}

/** Warm start of a workspace, its live positions and vehicle health. */
export const fleetInputs = {
  'fleet.snapshot': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'telemetry.health': Type.Object({ workspaceId: WorkspaceId, deviceId: Uuid }, { additionalProperties: false }),
} as const;

export interface FleetOutputs {
  'fleet.snapshot': FleetSnapshot;
  /** The device's latest readings (battery, fuel, DTCs …); the cached copy when offline. */
  'telemetry.health': DeviceHealth;
}

export interface FleetEvents {
  onLivePositions: LivePositionsBatch;
  onDevicesChanged: DevicesChangedEvent;
  onDeviceStatuses: DeviceStatusesEvent;
}
export const fleetEventNames = ['onLivePositions', 'onDevicesChanged', 'onDeviceStatuses'] as const satisfies ReadonlyArray<keyof FleetEvents>;

export interface FleetBridge {
  fleet: {
    snapshot(input: BridgeInput<'fleet.snapshot'>): Promise<FleetSnapshot>;
  };
  telemetry: {
    health(input: BridgeInput<'telemetry.health'>): Promise<DeviceHealth>;
  };
  /** Every event names its workspace: drop those of a workspace that is not the active one. */
  onLivePositions(listener: (batch: LivePositionsBatch) => void): Unsubscribe;
  onDevicesChanged(listener: (event: DevicesChangedEvent) => void): Unsubscribe;
  onDeviceStatuses(listener: (event: DeviceStatusesEvent) => void): Unsubscribe;
}

export function buildFleetBridge(call: BridgeCall, subscribe: BridgeSubscribe): FleetBridge {
  return {
    fleet: {
      snapshot: (input) => unwrap(call('fleet.snapshot', input)),
    },
    telemetry: {
      health: (input) => unwrap(call('telemetry.health', input)),
    },
    onLivePositions: (listener) => subscribe('onLivePositions', listener),
    onDevicesChanged: (listener) => subscribe('onDevicesChanged', listener),
    onDeviceStatuses: (listener) => subscribe('onDeviceStatuses', listener),
  };
}
