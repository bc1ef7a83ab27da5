import { describe, expect, it } from 'vitest';
import type { NearestVehicle } from '../../../../contract/api/places.ts';
import { formatDriveTime, orderNearest } from './nearest-order.ts';

const v = (id: string, distanceM: number, driveTimeS: number | null): NearestVehicle => ({ deviceId: id, distanceM, driveDistanceM: driveTimeS === null ? null : distanceM * 1.3, driveTimeS });

describe('orderNearest', () => {
  it('sorts by drive time where known, then the rest by straight-line distance', () => {
    const order = orderNearest([v('a', 500, null), v('b', 900, 120), v('c', 300, 400), v('d', 200, null)]).map((x) => x.deviceId);
    expect(order).toEqual(['b', 'c', 'd', 'a']);
  });

  it('sorts by distance alone offline (no drive times)', () => {
    expect(orderNearest([v('a', 500, null), v('b', 100, null)]).map((x) => x.deviceId)).toEqual(['b', 'a']);
  });
});

describe('formatDriveTime', () => {
  it('reads like a dispatcher says it', () => {
    expect(formatDriveTime(20)).toBe('< 1 min');
    expect(formatDriveTime(250)).toBe('4 min');
    expect(formatDriveTime(4320)).toBe('1 h 12 min');
  });
});
