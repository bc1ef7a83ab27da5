import { describe, expect, it } from 'vitest';
import type { Device } from '../../../contract/api/devices.ts';
import { deviceListKey } from './list-sync.ts';

const van = (over: Partial<Device> = {}): Device => ({
  id: 'd1',
  uniqueId: '350000000000001',
  name: 'Van 1',
  plate: 'ABC 123',
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status: 'moving',
  lastSeenAt: '2026-12-06T10:00:00Z',
  position: { fixTime: '2026-12-06T10:00:00Z', latitude: 57.7, longitude: 11.9, speedKmh: 40, course: 90 },
  ...over,
});

describe('deviceListKey', () => {
  it('ignores what travels as live positions: status, last seen, position', () => {
    const later = van({ status: 'stopped', lastSeenAt: '2026-12-06T10:05:00Z', position: null });
    expect(deviceListKey([later])).toBe(deviceListKey([van()]));
  });

  it('changes when a vehicle is added, removed, renamed, re-plated or regrouped', () => {
    const base = deviceListKey([van()]);
    expect(deviceListKey([van(), van({ id: 'd2' })])).not.toBe(base);
    expect(deviceListKey([])).not.toBe(base);
    expect(deviceListKey([van({ name: 'Van One' })])).not.toBe(base);
    expect(deviceListKey([van({ plate: 'XYZ 999' })])).not.toBe(base);
    expect(deviceListKey([van({ groupId: 'g1', groupName: 'North' })])).not.toBe(base);
  });

  it('does not depend on the order the server lists them in', () => {
    expect(deviceListKey([van(), van({ id: 'd2', name: 'Van 2' })])).toBe(deviceListKey([van({ id: 'd2', name: 'Van 2' }), van()]));
  });
});
