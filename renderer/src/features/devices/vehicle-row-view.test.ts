import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { destination } from '../../../../contract/geo/sphere.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { LiveClock } from '../live/live-clock.ts';
import { settle, start, t0, testDevice as device, units } from '../live/live-view-test-fleet.ts';
import { VehicleRowSelector, type AddressAnchors, type VehicleRowView } from './vehicle-row-view.ts';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  vi.useFakeTimers({ now: t0 });
  const store = new FleetStore();
  const fleet = [device('a'), device('b')];
  store.setDevices(fleet);
  const clock = new LiveClock(5_000);
  const anchors: AddressAnchors = new Map();
  const selector = new VehicleRowSelector(store, clock, fleet[0] as Device, units, anchors);
  /** What a row rendering through useSyncExternalStore would see: each notification re-reads. */
  const views: VehicleRowView[] = [selector.read()];
  const off = selector.subscribe(() => views.push(selector.read()));
  /** Renders: the notifications that handed back a new view (React skips the others). */
  const renders = () => views.filter((view, k) => k > 0 && view !== views[k - 1]).length;
  const report = (id: string, speedKmh: number, seconds: number, metresNorth = 0) => {
    const at = destination(start, 0, metresNorth);
    store.applyPositions({ deviceIds: [id], longitudes: [at.longitude], latitudes: [at.latitude], speedsKmh: [speedKmh], courses: [0], fixTimes: [t0 + seconds * 1000], statuses: ['moving'] });
  };
  return { store, selector, views, renders, report, off, last: () => views.at(-1) as VehicleRowView };
}

describe('VehicleRowSelector', () => {
  it('shows the live speed, status and last seen, and renders again only when one of them changed', async () => {
    const { renders, report, last } = setup();
    expect(last()).toMatchObject({ status: 'moving', speed: '50 km/h', seen: 'just now', alerting: false });
    // Another vehicle moves: this row stays as it is.
    report('b', 80, 1);
    await settle();
    // This vehicle reports the same speed a little further on (within the address anchor).
    report('a', 50.2, 1, 10);
    await settle();
    expect(renders()).toBe(0);
    report('a', 61, 2, 20);
    await settle();
    expect(renders()).toBe(1);
    expect(last().speed).toBe('61 km/h');
  });

  it('moves the address point only once the vehicle is more than 25 m from where it was asked', async () => {
    const { report, last } = setup();
    const asked = last().at;
    report('a', 50, 1, 20);
    await settle();
    expect(last().at).toBe(asked);
    report('a', 50, 2, 40);
    await settle();
    expect(last().at).not.toBe(asked);
    expect(last().at?.latitude).toBeGreaterThan(start.latitude);
  });

  it('ticks "last seen" on one timer, rendering only when the text changes', () => {
    const { renders, last, off } = setup();
    expect(vi.getTimerCount()).toBe(1);
    // 40 s: still "just now" after eight ticks, nothing rendered.
    vi.advanceTimersByTime(40_000);
    expect(renders()).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(last().seen).toBe('1 min ago');
    expect(renders()).toBe(1);
    // Seven more ticks of "1 min ago", then the next minute.
    vi.advanceTimersByTime(35_000);
    expect(renders()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(last().seen).toBe('2 min ago');
    expect(renders()).toBe(2);
    off();
    // Nobody shows a row: no timer runs.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the alert ring and a status change without a fix', async () => {
    const { store, renders, last } = setup();
    store.setAlerting(['a']);
    await settle();
    expect(last().alerting).toBe(true);
    store.applyStatuses(['a'], ['offline']);
    await settle();
    expect(last().status).toBe('offline');
    expect(renders()).toBe(2);
  });
});
