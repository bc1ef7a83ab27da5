import { describe, expect, it } from 'vitest';
import { dayWindow } from '../../contract/time/local-day.ts';
import { DayFold, dailyFigures, type DayFix, type FigureRules, type FoldState } from './daily-figures.ts';

const rules: FigureRules = {
  timeZone: 'Europe/Stockholm', speedLimitKmh: 50, overspeedMarginKmh: 5, allowedHours: { fromHour: 6, toHour: 20 },
  harshAccelerationMps2: 3.5, harshBrakingMps2: 4, harshMaxGapS: 3,
};
const day = dayWindow('2026-12-02', rules.timeZone);
const at = (hour: number, s = 0) => day.start + hour * 3_600_000 + s * 1000;
/** Eastward along 57.7° N: `kmh` for `seconds`, one fix every `every` s from `t`. */
function run(t: number, seconds: number, kmh: number, every = 10, fromLon = 11.9, ignition: boolean | null = true): DayFix[] {
  const degPerS = kmh / 3.6 / (111_320 * Math.cos((57.7 * Math.PI) / 180));
  return Array.from({ length: seconds / every + 1 }, (_, i) => ({ t: t + i * every * 1000, lat: 57.7, lon: fromLon + degPerS * i * every, speedKmh: kmh, ignition, fuelPct: null }));
}

describe('daily figures of one vehicle-day', () => {
  it('counts distance, driving, idling, engine time, a stop and after-hours driving', () => {
    const morning = run(at(8), 600, 36); // 10 min at 36 km/h = 6 km
    const last = morning[morning.length - 1] as DayFix;
    const idle = run(last.t + 10_000, 400, 0, 10, last.lon); // standing with the engine on: a stop after 300 s
    const evening = run(at(21), 300, 72); // after hours: 5 min at 72 km/h
    const [f] = dailyFigures([...morning, ...idle, ...evening], [], rules, day);
    expect(f?.driverId).toBeNull();
    expect(f?.drivingS).toBeCloseTo(600 + 10 + 300, 0); // the step from driving to standing still is still moving
    expect(f?.distanceM).toBeGreaterThan(6000 + 6000 - 50);
    expect(f?.distanceM).toBeLessThan(6000 + 6000 + 150);
    expect(f?.idleS).toBeCloseTo(400, 0);
    expect(f?.engineS).toBeCloseTo(600 + 10 + 400 + 300, 0);
    // The idle stop; the evening's end has no later fix this day (tomorrow's first fix cannot change today).
    expect(f?.stops).toBe(1);
    expect(f?.afterHoursS).toBeCloseTo(300, 0);
    expect(f?.afterHoursM).toBeCloseTo(6000, -2);
    expect(f?.topSpeedKmh).toBe(72);
    expect(f?.overspeedS).toBeCloseTo(300, 0);
    expect(f?.overspeedEvents).toBe(1);
  });

  it('has no fuel figure for a unit that never reported a fuel level, and 0 for one that reported without a fall', () => {
    const [silent] = dailyFigures(run(at(8), 300, 36), [], rules, day);
    expect(silent?.fuelUsedPct).toBeNull();
    const [steady] = dailyFigures(run(at(8), 300, 36).map((f) => ({ ...f, fuelPct: 60 })), [], rules, day);
    expect(steady?.fuelUsedPct).toBe(0);
  });

  it('splits the day between the drivers assigned, and ignores a silence longer than 10 minutes', () => {
    const fixes = [...run(at(9), 600, 36), ...run(at(9, 1300), 600, 36, 10, 11.95)];
    const periods = [{ driverId: 'a', from: at(0), to: at(9, 300) }, { driverId: 'b', from: at(9, 300), to: null }];
    const rows = dailyFigures(fixes, periods, rules, day);
    const a = rows.find((r) => r.driverId === 'a');
    const b = rows.find((r) => r.driverId === 'b');
    expect(a?.drivingS).toBeCloseTo(300, 0);
    expect(b?.drivingS).toBeCloseTo(300 + 600, 0); // the 10-minute silence between the two runs counts for nobody
    expect((a?.fixes ?? 0) + (b?.fixes ?? 0)).toBe(fixes.length);
  });

  it('counts harsh braking and acceleration once per episode, and fuel burnt (not refuels)', () => {
    const base = { lat: 57.7, lon: 11.9, ignition: true };
    const fixes: DayFix[] = [
      { ...base, t: at(10), speedKmh: 0, fuelPct: 50 },
      { ...base, t: at(10, 2), speedKmh: 30, fuelPct: 49.5 }, // +4.2 m/s²
      { ...base, t: at(10, 4), speedKmh: 60, fuelPct: 49 }, // still the same episode
      { ...base, t: at(10, 6), speedKmh: 65, fuelPct: 80 }, // refuelled (ignored)
      { ...base, t: at(10, 8), speedKmh: 30, fuelPct: 79 }, // −4.9 m/s²
      { ...base, t: at(10, 20), speedKmh: 0, fuelPct: 78 }, // 12 s apart: not judged
    ];
    const [f] = dailyFigures(fixes, [], rules, day);
    expect(f?.harshAcceleration).toBe(1);
    expect(f?.harshBraking).toBe(1);
    expect(f?.fuelUsedPct).toBeCloseTo(3, 5);
  });

  it('folds on from a kept state (through JSON) to the same numbers, to the last bit, as one pass', () => {
    const base = { lat: 57.7, lon: 11.9, ignition: true };
    const jerky: DayFix[] = [{ ...base, t: at(10), speedKmh: 0, fuelPct: 50 }, { ...base, t: at(10, 2), speedKmh: 40, fuelPct: 49 }, { ...base, t: at(10, 4), speedKmh: 5, fuelPct: 48.5 }];
    const fixes = [...run(at(6), 600, 36), ...jerky, ...run(at(10, 30), 400, 0, 10, 11.95), ...run(at(10, 1100), 300, 72), ...run(at(21), 300, 72)];
    const periods = [{ driverId: 'a', from: at(0), to: at(6, 300) }, { driverId: 'b', from: at(6, 300), to: null }];
    const whole = dailyFigures(fixes, periods, rules, day);
    for (const cut of [1, 30, 61, 62, 63, 64, 100, fixes.length - 1]) {
      const first = new DayFold(periods, rules, day);
      for (const f of fixes.slice(0, cut)) first.add(f);
      const kept = JSON.parse(JSON.stringify(first.state())) as FoldState;
      const rest = new DayFold(periods, rules, day, kept);
      for (const f of fixes.slice(cut)) rest.add(f);
      expect(rest.figures(), `cut at ${cut}`).toEqual(whole);
      expect(rest.last).toEqual(fixes.at(-1));
    }
  });
});
