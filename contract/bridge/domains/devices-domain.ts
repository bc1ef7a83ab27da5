import type { DeviceListResponse } from '../../api/devices.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { WorkspaceInput } from '../session.ts';
import { unwrap } from '../unwrap.ts';

/** The active workspace's vehicles. */
export const devicesInputs = {
  'devices.list': WorkspaceInput,
} as const;

export interface DevicesOutputs {
  'devices.list': DeviceListResponse;
}

export interface DevicesBridge {
  devices: {
    list(input: BridgeInput<'devices.list'>): Promise<DeviceListResponse>;
  };
}

export function buildDevicesBridge(call: BridgeCall): DevicesBridge {
  return {
    devices: {
      list: (input) => unwrap(call('devices.list', input)),
    },
  };
}
