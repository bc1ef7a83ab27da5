import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { searchVehicles } from './search-vehicles.ts';

const d = (name: string, plate: string | null, uniqueId: string): Device => ({ id: name, uniqueId, name, plate, vehicleType: 'truck', groupId: null, groupName: null, status: 'moving', lastSeenAt: null, position: null });
const fleet = [d('Truck 15', 'ABC 123', '3500001'), d('Truck 5', 'XYZ 555', '3500002'), d('Van 2', 'TRU 001', '3500003'), d('Sweeper 1', null, 'SW-5')];

describe('searchVehicles', () => {
  it('finds by name, plate or unit id, names starting with the query first, in natural order', () => {
    expect(searchVehicles(fleet, 'tru').map((x) => x.name)).toEqual(['Truck 5', 'Truck 15', 'Van 2']);
    expect(searchVehicles(fleet, 'xyz555').map((x) => x.name)).toEqual([]);
    expect(searchVehicles(fleet, 'xyz 555').map((x) => x.name)).toEqual(['Truck 5']);
    expect(searchVehicles(fleet, 'sw-5').map((x) => x.name)).toEqual(['Sweeper 1']);
    expect(searchVehicles(fleet, 'truck 5').map((x) => x.name)).toEqual(['Truck 5', 'Truck 15']);
  });

  it('returns nothing for an empty query and at most the limit', () => {
    expect(searchVehicles(fleet, '  ')).toEqual([]);
    expect(searchVehicles(fleet, '3500', 2)).toHaveLength(2);
  });
});
