import { describe, expect, it } from 'vitest';
import { countByStatus, filterDevices } from './device-filter.ts';
import type { Device } from '../../../../contract/api/devices.ts';

const device = (over: Partial<Device>): Device => ({
  id: crypto.randomUUID(),
  uniqueId: '350000000000000',
  name: 'Van',
  plate: null,
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status: 'unknown',
  lastSeenAt: null,
  position: null,
  ...over,
});

const fleet = [
  device({ name: 'Truck 12', plate: 'KA-01-1234', uniqueId: '359881234567890', status: 'moving' }),
  device({ name: 'Van 7', plate: 'MH 12 AB 7777', uniqueId: '864000000000007', status: 'stopped' }),
  device({ name: 'Reefer North', plate: null, uniqueId: 'dongle-42', status: 'offline' }),
  device({ name: 'Truck 3', plate: 'KA-05-0003', uniqueId: '359880000000003', status: 'moving' }),
];

describe('countByStatus', () => {
  it('counts every status, including those with no vehicles', () => {
    expect(countByStatus(fleet)).toEqual({ moving: 2, idle: 0, stopped: 1, offline: 1, unknown: 0 });
    expect(countByStatus([])).toEqual({ moving: 0, idle: 0, stopped: 0, offline: 0, unknown: 0 });
  });
});

describe('filterDevices', () => {
  const names = (query: string, status: Device['status'] | null = null) =>
    filterDevices(fleet, { query, status }).map((d) => d.name);

  it('matches name, plate or unique id, ignoring case', () => {
    expect(names('truck')).toEqual(['Truck 12', 'Truck 3']);
    expect(names('mh 12')).toEqual(['Van 7']);
    expect(names('DONGLE')).toEqual(['Reefer North']);
    expect(names('35988123')).toEqual(['Truck 12']);
  });

  it('needs every word to match and ignores surrounding spaces', () => {
    expect(names('  truck   ka-05 ')).toEqual(['Truck 3']);
    expect(names('truck van')).toEqual([]);
  });

  it('shows everything for an empty query and narrows by status', () => {
    expect(names('')).toHaveLength(4);
    expect(names('', 'moving')).toEqual(['Truck 12', 'Truck 3']);
    expect(names('12', 'moving')).toEqual(['Truck 12']);
  });
});
