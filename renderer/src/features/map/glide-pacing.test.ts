import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { FleetStore, glideMs } from '../live/fleet-store.ts';
import { toMercator } from '../live/mercator.ts';
import { glideFrameInterval, liveChangeDelay, minGlideFrameMs, stillPaceMs } from './glide-pacing.ts';

const at = (name: string, longitude: number, latitude: number): Device => ({
  id: name,
  uniqueId: name,
  name,
  plate: null,
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status: 'moving',
  lastSeenAt: null,
  position: { fixTime: '2026-01-01T10:00:00Z', latitude, longitude, speedKmh: 50, course: 90 },
});

/** Two vehicles near Gothenburg; `moves` sends each one that far east (mercator units) at time 1000. */
function fleet(moves: [number, number]) {
  const store = new FleetStore();
  store.setDevices([at('a', 11.97, 57.7), at('b', 11.98, 57.71)], 0);
  const ids = ['a', 'b'];
  const lon = (i: number) => ((store.x[i] ?? 0) + moves[i as 0 | 1]) * 360 - 180;
  store.applyPositions(
    { deviceIds: ids, longitudes: [lon(0), lon(1)], latitudes: [57.7, 57.71], speedsKmh: [50, 50], courses: [90, 90], fixTimes: [Date.parse('2026-01-01T10:00:05Z'), Date.parse('2026-01-01T10:00:05Z')], statuses: ['moving', 'moving'] },
    1000,
  );
  return store;
}

const [cx, cy] = toMercator(11.975, 57.705);
const view = { minX: cx - 0.01, minY: cy - 0.01, maxX: cx + 0.01, maxY: cy + 0.01 };
const none = new Uint8Array(2);
/** At zoom 14 the world is 512 × 2^14 px wide. */
const worldPx = 512 * 2 ** 14;

describe('glideFrameInterval (how often gliding vehicles are redrawn)', () => {
  it('paces frames so the fastest vehicle moves about a pixel per frame where its ease-out is fastest', () => {
    // 10 px over the glide: twice the mean speed at the start is 20 px per 900 ms, one px per 45 ms.
    expect(glideFrameInterval(fleet([10 / worldPx, 2 / worldPx]), none, view, worldPx, 1010)).toBeCloseTo(glideMs / 20, 6);
  });

  it('caps the rate at 30 frames a second however fast vehicles move on screen', () => {
    expect(glideFrameInterval(fleet([500 / worldPx, 0]), none, view, worldPx, 1010)).toBe(minGlideFrameMs);
  });

  it('draws no frames in between when no vehicle moves half a pixel (a city seen whole)', () => {
    expect(glideFrameInterval(fleet([0.4 / worldPx, 0.2 / worldPx]), none, view, worldPx, 1010)).toBeNull();
  });

  it('ignores vehicles out of view, hidden in a cluster, or whose glide has ended', () => {
    const store = fleet([20 / worldPx, 5 / worldPx]);
    const elsewhere = { minX: cx + 0.5, minY: cy + 0.5, maxX: cx + 0.6, maxY: cy + 0.6 };
    expect(glideFrameInterval(store, none, elsewhere, worldPx, 1010)).toBeNull();
    // a (20 px) in a cluster: b (5 px) sets the pace.
    expect(glideFrameInterval(store, Uint8Array.of(1, 0), view, worldPx, 1010)).toBeCloseTo(glideMs / 10, 6);
    expect(glideFrameInterval(store, none, view, worldPx, 1000 + glideMs)).toBeNull();
  });
});

describe('liveChangeDelay (when a live change is drawn)', () => {
  it('draws at once while vehicles in view glide visibly', () => {
    expect(liveChangeDelay(40, 9_900, 10_000)).toBe(0);
  });

  it('draws a still fleet at most once a second, however many batches arrive', () => {
    // Four batches in the second after a draw at 10 s all wait for 11 s: one frame, not four.
    const delays = [10_250, 10_500, 10_750, 10_990].map((now) => now + liveChangeDelay(null, 10_000, now));
    expect(delays).toEqual([10_000 + stillPaceMs, 10_000 + stillPaceMs, 10_000 + stillPaceMs, 10_000 + stillPaceMs]);
    // A change long after the last draw is drawn at once.
    expect(liveChangeDelay(null, 10_000, 12_500)).toBe(0);
  });
});
