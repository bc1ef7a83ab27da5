import { describe, expect, it } from 'vitest';
import type { DeviceState } from './device-state-store.ts';
import { HotStateCache } from './hot-state.ts';

const noMarks = { openTripWrittenT: new Map<string, number>(), listWrittenAt: new Map<string, number>() };
const state = (deviceId: string, fixTime: number): DeviceState => ({
  deviceId, lastSeenAt: fixTime, fixTime, latitude: 57.7, longitude: 11.97, speedKmh: 40, course: 0, altitudeM: null, accuracyM: null, valid: true,
  ignition: null, online: true, batteryVoltage: null, batteryLevel: null, charging: null, odometerKm: null, fuelLevel: null,
  coolantTempC: null, rpm: null, dtcCodes: [], speedLimitKmh: null, attributes: null, tripState: null, ruleState: {},
});

/** Devices whose list columns lag and who count as quiet at `now` (quiet interval 2.5 s, as the pipeline's). */
function quiet(cache: HotStateCache, now: number): string[] {
  return [...cache.due(-Infinity, now - 2500, now)].map((d) => d.deviceId);
}

describe('when a lagging device counts as quiet', () => {
  it('after 2.5 s for a unit reporting every second; after twice its gap for one reporting every 10 s; never later than 30 s', () => {
    const cache = new HotStateCache();
    // Each commit judges one new fix of the device at that server time (written, so not dirty).
    const report = (id: string, at: number) => cache.commit('t', [state(id, at)], '1', [], noMarks, at);
    for (let t = 0; t <= 10_000; t += 1000) report('every-second', t);
    for (let t = 0; t <= 10_000; t += 10_000) report('every-ten-seconds', t);
    for (let t = 0; t <= 120_000; t += 120_000) report('every-two-minutes', t);
    expect(quiet(cache, 12_000)).toEqual([]);
    expect(quiet(cache, 12_500)).toEqual(['every-second']);
    // The ten-second unit looked quiet 2.5 s after each fix and cost three writes per fix; now 20 s.
    expect(quiet(cache, 29_999)).toEqual(['every-second']);
    expect(quiet(cache, 30_000)).toEqual(['every-second', 'every-ten-seconds']);
    expect(quiet(cache, 149_999)).not.toContain('every-two-minutes');
    expect(quiet(cache, 150_000)).toContain('every-two-minutes');
  });

  it('a unit whose first fix is all there is counts as quiet after 2.5 s', () => {
    const cache = new HotStateCache();
    cache.commit('t', [state('once', 0)], '1', [], noMarks, 0);
    expect(quiet(cache, 2_499)).toEqual([]);
    expect(quiet(cache, 2_500)).toEqual(['once']);
  });
});
