import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { FleetStore } from './fleet-store.ts';

const device = (id: string, located: boolean): Device => ({
  id,
  uniqueId: `unit-${id}`,
  name: `Van ${id}`,
  plate: null,
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status: 'stopped',
  lastSeenAt: null,
  position: located ? { fixTime: '2026-12-06T10:00:00Z', latitude: 57.7, longitude: 11.9, speedKmh: 0, course: 0 } : null,
});

const fleet = [device('a', true), device('b', true), device('c', true), device('d', false)];

describe('FleetStore map filter', () => {
  it('draws every vehicle until a filter is set, then only the filtered ones, counting the located ones it hides', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    expect([...store.onMap]).toEqual([1, 1, 1, 1]);
    expect(store.setMapFilter(new Set(['a']))).toBe(true);
    expect([...store.onMap]).toEqual([1, 0, 0, 0]);
    // 'd' has no position: it is not on the map either way, so it is not "hidden".
    expect(store.hiddenOnMap).toBe(2);
    expect(store.setMapFilter(null)).toBe(true);
    expect(store.hiddenOnMap).toBe(0);
  });

  it('reports no change (and bumps no version) when the same filter is set again', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    store.setMapFilter(new Set(['a', 'b']));
    const version = store.version;
    expect(store.setMapFilter(new Set(['b', 'a']))).toBe(false);
    expect(store.version).toBe(version);
  });

  it('keeps the filter when the fleet is reloaded', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    store.setMapFilter(new Set(['c']));
    store.setDevices([...fleet, device('e', true)]);
    expect([...store.onMap]).toEqual([0, 0, 1, 0, 0]);
    expect(store.hiddenOnMap).toBe(3);
  });

  it('counts a hidden vehicle that reports its first position', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    store.setMapFilter(new Set(['a']));
    store.applyPositions({ deviceIds: ['d'], longitudes: [11.9], latitudes: [57.7], speedsKmh: [0], courses: [0], fixTimes: [Date.parse('2026-12-06T10:01:00Z')], statuses: ['stopped'] });
    expect(store.hiddenOnMap).toBe(3);
  });
});

describe('FleetStore status changes', () => {
  it('applies statuses without a fix in place, keeping positions, and ignores unknown ids and repeats', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    const x = store.x[0];
    const version = store.version;
    expect(store.applyStatuses(['a', 'zz', 'b'], ['offline', 'offline', 'stopped'])).toBe(1);
    expect(store.statusOf(0)).toBe('offline');
    expect(store.x[0]).toBe(x);
    expect(store.version).toBe(version + 1);
    expect(store.applyStatuses(['a'], ['offline'])).toBe(0);
    expect(store.version).toBe(version + 1);
  });
});

describe('FleetStore alerting marks', () => {
  it('tells the map only when the set of alerting vehicles changes (an acknowledgement leaves it as it was)', () => {
    const store = new FleetStore();
    store.setDevices(fleet);
    store.setAlerting(['a', 'c']);
    expect([...store.alerting]).toEqual([1, 0, 1, 0]);
    const version = store.version;
    store.setAlerting(['c', 'a', 'a']);
    expect(store.version).toBe(version);
    store.setAlerting(['c']);
    expect([...store.alerting]).toEqual([0, 0, 1, 0]);
    expect(store.version).toBeGreaterThan(version);
  });
});
