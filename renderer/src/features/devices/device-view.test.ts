import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { countLive, filterFleet, groupOptions, liveCountsReader, nameRanks, searchIndex, sortFleet, type ListFilter } from './device-view.ts';

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
const at = (speedKmh: number) => ({ fixTime: '2026-01-01T10:00:00Z', latitude: 57.7, longitude: 11.9, speedKmh, course: 0 });

const fleet = [
  device({ name: 'Truck 12', plate: 'KA-01-1234', uniqueId: '359881234567890', status: 'moving', groupId: 'g1', groupName: 'North', position: at(50) }),
  device({ name: 'Van 7', plate: 'MH 12 AB 7777', uniqueId: '864000000000007', status: 'stopped', position: at(0) }),
  device({ name: 'Reefer North', plate: null, uniqueId: 'dongle-42', status: 'offline', groupId: 'g1', groupName: 'North' }),
  device({ name: 'Truck 3', plate: 'KA-05-0003', uniqueId: '359880000000003', status: 'moving', position: at(80) }),
];

function setup() {
  const store = new FleetStore();
  store.setDevices(fleet);
  return { store, haystacks: searchIndex(fleet) };
}

const names = (filter: Partial<ListFilter>) => {
  const { store, haystacks } = setup();
  return filterFleet(fleet, haystacks, store, { query: '', status: null, group: null, ...filter }).map((i) => fleet[i]?.name);
};

describe('filterFleet', () => {
  it('matches name, plate or unit id, ignoring case; every word must match', () => {
    expect(names({ query: 'truck' })).toEqual(['Truck 12', 'Truck 3']);
    expect(names({ query: 'mh 12' })).toEqual(['Van 7']);
    expect(names({ query: 'DONGLE' })).toEqual(['Reefer North']);
    expect(names({ query: '  truck   ka-05 ' })).toEqual(['Truck 3']);
    expect(names({ query: 'truck van' })).toEqual([]);
  });

  it('narrows by status and by group (including "no group")', () => {
    expect(names({ status: 'moving' })).toEqual(['Truck 12', 'Truck 3']);
    expect(names({ group: 'g1' })).toEqual(['Truck 12', 'Reefer North']);
    expect(names({ group: 'none', status: 'moving' })).toEqual(['Truck 3']);
  });

  it('uses the live status: a vehicle that starts moving leaves the stopped filter', () => {
    const { store, haystacks } = setup();
    const van = fleet[1];
    if (!van) throw new Error('fixture');
    store.applyPositions({ deviceIds: [van.id], longitudes: [11.9], latitudes: [57.7], speedsKmh: [30], courses: [90], fixTimes: [Date.parse('2026-01-01T10:01:00Z')], statuses: ['moving'] });
    expect(filterFleet(fleet, haystacks, store, { query: '', status: 'stopped', group: null })).toEqual([]);
    expect(countLive(store)).toEqual({ moving: 3, idle: 0, stopped: 0, offline: 1, unknown: 0 });
  });
});

describe('sortFleet', () => {
  it('sorts by speed (fastest first when descending) and by name with numbers in order', () => {
    const { store } = setup();
    const bySpeed = sortFleet([0, 1, 2, 3], fleet, nameRanks(fleet), store, { key: 'speed', descending: true }).map((i) => fleet[i]?.name);
    expect(bySpeed).toEqual(['Truck 3', 'Truck 12', 'Van 7', 'Reefer North']);
    const byName = sortFleet([0, 1, 2, 3], fleet, nameRanks(fleet), store, { key: 'name', descending: false }).map((i) => fleet[i]?.name);
    expect(byName).toEqual(['Reefer North', 'Truck 3', 'Truck 12', 'Van 7']);
  });
});

describe('liveCountsReader', () => {
  it('hands back the same counts object until a status changes (the tiles re-render only then)', () => {
    const { store } = setup();
    const read = liveCountsReader(store);
    const first = read();
    const truck = fleet[0];
    if (!truck) throw new Error('fixture');
    store.applyPositions({ deviceIds: [truck.id], longitudes: [11.91], latitudes: [57.7], speedsKmh: [60], courses: [0], fixTimes: [Date.parse('2026-01-01T10:01:00Z')], statuses: ['moving'] });
    expect(read()).toBe(first);
    store.applyStatuses([truck.id], ['idle']);
    expect(read()).not.toBe(first);
    expect(read()).toEqual({ ...first, moving: first.moving - 1, idle: first.idle + 1 });
  });
});

describe('groupOptions', () => {
  it('lists groups with counts, "No group" last', () => {
    expect(groupOptions(fleet)).toEqual([
      { id: 'g1', name: 'North', count: 2 },
      { id: 'none', name: 'No group', count: 2 },
    ]);
  });
});
