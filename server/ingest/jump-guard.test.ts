import { describe, expect, it } from 'vitest';
import { screenJumps } from './jump-guard.ts';

const fix = (fixTime: number, latitude: number, longitude = 11.97) => ({ fixTime, latitude, longitude });

describe('screenJumps', () => {
  it('takes GPS noise and fast driving, refuses a fix no vehicle could reach', () => {
    const last = fix(0, 57.7);
    const { plausible, suspect } = screenJumps(last, [fix(1000, 57.71), fix(2000, 58.7), fix(3000, 57.711)]);
    expect(plausible.map((f) => f.latitude)).toEqual([57.71, 57.711]);
    expect(suspect.map((f) => f.latitude)).toEqual([58.7]);
  });

  it('accepts a vehicle at a new place once enough time passed for the distance (a ferry, a tow)', () => {
    // 111 km: impossible after a minute, plausible after an hour at ≤ 500 km/h.
    expect(screenJumps(fix(0, 57.7), [fix(60_000, 58.7)]).suspect).toHaveLength(1);
    expect(screenJumps(fix(0, 57.7), [fix(3_600_000, 58.7)]).plausible).toHaveLength(1);
  });

  it('judges the first fix of a device against nothing', () => {
    expect(screenJumps(null, [fix(0, -33.9), fix(1000, -33.9)]).plausible).toHaveLength(2);
  });
});
