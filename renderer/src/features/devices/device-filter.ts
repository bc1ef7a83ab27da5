import { deviceStatuses } from '../../../../contract/api/devices.ts';
import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';

export type StatusCounts = Record<DeviceStatus, number>;

export function countByStatus(devices: readonly Device[]): StatusCounts {
  const counts = Object.fromEntries(deviceStatuses.map((s) => [s, 0])) as StatusCounts;
  for (const device of devices) counts[device.status] += 1;
  return counts;
}

export interface DeviceFilter {
  /** Free text matched against name, plate and unique id, case-insensitively. */
  query: string;
  /** null shows every status. */
  status: DeviceStatus | null;
}

/** Client-side filter over the loaded page; every word must match one of the searched fields. */
export function filterDevices(devices: readonly Device[], filter: DeviceFilter): Device[] {
  const words = filter.query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return devices.filter((device) => {
    if (filter.status !== null && device.status !== filter.status) return false;
    if (words.length === 0) return true;
    const haystack = [device.name, device.plate ?? '', device.uniqueId].join('\n').toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
