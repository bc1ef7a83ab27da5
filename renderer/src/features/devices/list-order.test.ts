import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { nameRanks, searchIndex, type DeviceSort, type ListFilter } from './device-view.ts';
import { ListOrder } from './list-order.ts';

const t0 = Date.parse('2026-12-07T10:00:00Z');
const device = (name: string, speedKmh: number, status: DeviceStatus): Device => ({
  id: name,
  uniqueId: `unit-${name}`,
  name,
  plate: null,
  vehicleType: 'truck',
  groupId: null,
  groupName: null,
  status,
  lastSeenAt: null,
  position: { fixTime: new Date(t0).toISOString(), latitude: 57.7, longitude: 11.9, speedKmh, course: 0 },
});
const fleet = [device('Truck 1', 50, 'moving'), device('Truck 2', 30, 'moving'), device('Truck 3', 0, 'stopped'), device('Truck 4', 70, 'moving')];
afterEach(() => {
  vi.useRealTimers();
});

const noFilter: ListFilter = { query: '', status: null, group: null };

function setup(sort: DeviceSort, filter: ListFilter = noFilter) {
  const store = new FleetStore();
  store.setDevices(fleet);
  const order = new ListOrder(store, { devices: fleet, haystacks: searchIndex(fleet), ranks: nameRanks(fleet), filter, sort });
  const names = () => order.rows.map((i) => fleet[i]?.name);
  /** One live report of one vehicle, `seconds` after t0. */
  const report = (name: string, speedKmh: number, seconds: number, status: DeviceStatus = 'moving') =>
    store.applyPositions({ deviceIds: [name], longitudes: [11.9], latitudes: [57.7], speedsKmh: [speedKmh], courses: [0], fixTimes: [t0 + seconds * 1000], statuses: [status] });
  return { store, order, names, report };
}

describe('ListOrder', () => {
  it('sorted by name, live updates never touch the rows', () => {
    const { order, report } = setup({ key: 'name', descending: false });
    const rows = order.rows;
    report('Truck 3', 90, 1);
    expect(order.refresh()).toBe(false);
    expect(order.rows).toBe(rows);
  });

  it('sorted by speed, re-sorts only when the new speeds put the rows out of order', () => {
    const { order, names, report } = setup({ key: 'speed', descending: true });
    expect(names()).toEqual(['Truck 4', 'Truck 1', 'Truck 2', 'Truck 3']);
    const rows = order.rows;
    // Faster, but still behind Truck 4: the order holds, the same array stays.
    report('Truck 1', 60, 1);
    expect(order.refresh()).toBe(false);
    expect(order.rows).toBe(rows);
    // A fraction of a km/h is not shown, so it moves nothing.
    report('Truck 2', 30.3, 1);
    expect(order.refresh()).toBe(false);
    report('Truck 3', 80, 2);
    expect(order.refresh()).toBe(true);
    expect(names()).toEqual(['Truck 3', 'Truck 4', 'Truck 1', 'Truck 2']);
  });

  it('sorted by last seen, vehicles reporting within the same minute keep their (name) order', () => {
    const { order, names, report } = setup({ key: 'lastSeen', descending: true });
    expect(names()).toEqual(['Truck 1', 'Truck 2', 'Truck 3', 'Truck 4']);
    report('Truck 4', 70, 20);
    report('Truck 2', 30, 40);
    expect(order.refresh()).toBe(false);
    // A fix in the next minute is newer than anything shown: that vehicle goes first.
    report('Truck 3', 10, 65);
    expect(order.refresh()).toBe(true);
    expect(names()).toEqual(['Truck 3', 'Truck 1', 'Truck 2', 'Truck 4']);
  });

  it('filtered by status, a vehicle that changes status enters or leaves the rows', () => {
    const { order, names, report, store } = setup({ key: 'name', descending: false }, { ...noFilter, status: 'moving' });
    expect(names()).toEqual(['Truck 1', 'Truck 2', 'Truck 4']);
    report('Truck 1', 55, 1);
    expect(order.refresh()).toBe(false);
    report('Truck 3', 20, 1, 'moving');
    expect(order.refresh()).toBe(true);
    expect(names()).toEqual(['Truck 1', 'Truck 2', 'Truck 3', 'Truck 4']);
    store.applyStatuses(['Truck 2'], ['offline']);
    expect(order.refresh()).toBe(true);
    expect(names()).toEqual(['Truck 1', 'Truck 3', 'Truck 4']);
  });

  it('takes a new fleet in the store (fed after the list rendered) into account', () => {
    const { order, names, store } = setup({ key: 'speed', descending: false });
    store.setDevices(fleet.map((d) => (d.name === 'Truck 4' ? { ...d, position: null } : d)));
    expect(order.refresh()).toBe(true);
    expect(names()).toEqual(['Truck 4', 'Truck 3', 'Truck 2', 'Truck 1']);
  });

  it('tells its subscriber, once a second, only about updates that changed the rows', async () => {
    vi.useFakeTimers();
    const { order, report } = setup({ key: 'speed', descending: true });
    let heard = 0;
    const off = order.subscribe(() => heard++);
    report('Truck 1', 52, 1);
    await Promise.resolve();
    vi.advanceTimersByTime(1000);
    expect(heard).toBe(0);
    report('Truck 3', 100, 2);
    await Promise.resolve();
    report('Truck 3', 110, 3);
    await Promise.resolve();
    vi.advanceTimersByTime(1000);
    expect(heard).toBe(1);
    off();
  });
});
