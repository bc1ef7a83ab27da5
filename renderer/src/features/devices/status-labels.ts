import type { DeviceStatus } from '../../../../contract/api/devices.ts';

export const statusLabels: Record<DeviceStatus, string> = {
  moving: 'Moving',
  idle: 'Idle',
  stopped: 'Stopped',
  offline: 'Offline',
  unknown: 'Unknown',
};
