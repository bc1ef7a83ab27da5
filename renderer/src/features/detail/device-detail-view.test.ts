import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { destination } from '../../../../contract/geo/sphere.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { LiveClock } from '../live/live-clock.ts';
import { settle, start, t0, testDevice, units } from '../live/live-view-test-fleet.ts';
import { DeviceDetailSelector, type DeviceDetailView } from './device-detail-view.ts';

/** Heading east: the card shows its course. */
const device = (id: string, located = true): Device => testDevice(id, { located, course: 90 });

afterEach(() => {
  vi.useRealTimers();
});

function setup(shown = device('a')) {
  vi.useFakeTimers({ now: t0 });
  const store = new FleetStore();
  // The card's vehicle among many: a busy fleet around it must not wake it.
  const fleet = [shown, ...Array.from({ length: 200 }, (_, k) => device(`other-${k}`))];
  store.setDevices(fleet);
  const selector = new DeviceDetailSelector(store, new LiveClock(10_000), shown, units);
  /** What a component rendering through useSyncExternalStore would see: each notification re-reads. */
  const views: DeviceDetailView[] = [selector.read()];
  const off = selector.subscribe(() => views.push(selector.read()));
  const renders = () => views.filter((view, k) => k > 0 && view !== views[k - 1]).length;
  const report = (id: string, speedKmh: number, seconds: number, metresNorth = 0, course = 90) => {
    const at = destination(start, 0, metresNorth);
    store.applyPositions({ deviceIds: [id], longitudes: [at.longitude], latitudes: [at.latitude], speedsKmh: [speedKmh], courses: [course], fixTimes: [t0 + seconds * 1000], statuses: ['moving'] });
  };
  return { store, renders, report, off, last: () => views.at(-1) as DeviceDetailView };
}

describe('DeviceDetailSelector', () => {
  it('shows its vehicle as text and renders again only when that text changes', async () => {
    const { renders, report, last } = setup();
    expect(last()).toMatchObject({ located: true, speed: '50 km/h', heading: '90°', seen: 'just now', position: '57.70000, 11.90000' });
    // Every other vehicle moves, five seconds long: the card stays as it is.
    for (let s = 1; s <= 5; s++) {
      for (let k = 0; k < 200; k++) report(`other-${k}`, 30 + s, s, 5 * s);
      await settle();
    }
    expect(renders()).toBe(0);
    // Its own vehicle at the same speed and place (a fix the card cannot show differently).
    report('a', 50.2, 6, 0.1);
    await settle();
    expect(renders()).toBe(0);
    report('a', 61, 7, 30, 95);
    await settle();
    expect(renders()).toBe(1);
    expect(last()).toMatchObject({ speed: '61 km/h', heading: '95°', position: '57.70027, 11.90000' });
  });

  it('keeps the address point until the vehicle is more than 25 m away', async () => {
    const { report, last } = setup();
    const asked = last().at;
    report('a', 50, 1, 20);
    await settle();
    expect(last().at).toBe(asked);
    report('a', 50, 2, 40);
    await settle();
    expect(last().at).not.toBe(asked);
  });

  it('re-words "last seen" on the clock, and stops its timers when nothing shows the card', () => {
    const { last, renders, off } = setup();
    vi.advanceTimersByTime(40_000);
    expect(renders()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(last().seen).toBe('1 min ago');
    expect(renders()).toBe(1);
    off();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says what it cannot show for a vehicle without a fix, and picks up its first fix', async () => {
    const { report, last } = setup(device('a', false));
    expect(last()).toMatchObject({ located: false, speed: null, heading: null, position: null, seen: 'Never', seenAt: null, at: null });
    report('a', 12, 1);
    await settle();
    expect(last()).toMatchObject({ located: true, speed: '12 km/h', status: 'moving' });
    expect(last().seenAt).not.toBeNull();
  });
});
