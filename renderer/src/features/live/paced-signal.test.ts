import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { FleetStore } from './fleet-store.ts';
import { humanPace } from './paced-signal.ts';

const device = (id: string): Device => ({
  id,
  uniqueId: `unit-${id}`,
  name: id,
  plate: null,
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status: 'moving',
  lastSeenAt: null,
  position: null,
});
const report = (store: FleetStore, id: string, seconds: number) =>
  store.applyPositions({ deviceIds: [id], longitudes: [11.9], latitudes: [57.7], speedsKmh: [40], courses: [0], fixTimes: [seconds * 1000], statuses: ['moving'] });

afterEach(() => {
  vi.useRealTimers();
});

describe('humanPace', () => {
  it('passes a burst of live batches on once, a second later, to every listener; a new fleet at once', async () => {
    vi.useFakeTimers();
    const store = new FleetStore();
    store.setDevices([device('a'), device('b')]);
    const heard: string[] = [];
    const offA = humanPace(store).subscribe(() => heard.push('a'));
    const offB = humanPace(store).subscribe(() => heard.push('b'));
    for (let k = 1; k <= 3; k++) {
      report(store, 'a', k);
      await Promise.resolve();
    }
    vi.advanceTimersByTime(999);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual(['a', 'b']);
    store.setDevices([device('a')]);
    await Promise.resolve();
    expect(heard).toEqual(['a', 'b', 'a', 'b']);
    offA();
    offB();
    // Nobody listens: no timer is left behind by a batch.
    report(store, 'a', 9);
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });
});
