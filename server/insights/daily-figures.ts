import { distanceLatLonM } from '../../contract/geo/sphere.ts';
import { localHour } from '../alerts/rules.ts';

/** One stored fix of the day, as the figures need it. */
export interface DayFix {
  t: number;
  lat: number;
  lon: number;
  speedKmh: number;
  ignition: boolean | null;
  fuelPct: number | null;
}

/** A driver at the wheel for [from, to) (to null: still). */
export interface DriverPeriod {
  driverId: string;
  from: number;
  to: number | null;
}

/** The tenant's rules the figures are judged by (server/alerts/monitoring-settings.ts). */
export interface FigureRules {
  timeZone: string;
  /** The vehicle's limit, else the tenant's default; over = above limit + margin. */
  speedLimitKmh: number;
  overspeedMarginKmh: number;
  allowedHours: { fromHour: number; toHour: number };
  harshAccelerationMps2: number;
  harshBrakingMps2: number;
  harshMaxGapS: number;
}

/** One vehicle's day for one driver (null: nobody assigned). Sums over drivers give the vehicle's day. */
export interface DailyFigures {
  driverId: string | null;
  fixes: number;
  distanceM: number;
  drivingS: number;
  idleS: number;
  engineS: number;
  topSpeedKmh: number;
  stops: number;
  overspeedS: number;
  overspeedEvents: number;
  harshAcceleration: number;
  harshBraking: number;
  /** Fuel burnt in percentage points of the tank; null when no fix of the slot carried a fuel level. */
  fuelUsedPct: number | null;
  afterHoursS: number;
  afterHoursM: number;
  firstFix: number;
  lastFix: number;
}

/** The trip segmenter's thresholds (server/trips/trip-segmenter.ts): moving, parked, silent. */
export const movingKmh = 5;
export const stopAfterS = 300;
export const silenceS = 600;

const empty = (driverId: string | null, t: number): DailyFigures => ({
  driverId, fixes: 0, distanceM: 0, drivingS: 0, idleS: 0, engineS: 0, topSpeedKmh: 0, stops: 0, overspeedS: 0, overspeedEvents: 0,
  harshAcceleration: 0, harshBraking: 0, fuelUsedPct: null, afterHoursS: 0, afterHoursM: 0, firstFix: t, lastFix: t,
});

/**
 * A vehicle's figures for one day, from that day's fixes alone (sorted by time, suspect ones
 * left out): the stretch from the last fix before midnight to the first after it counts for
 * neither day, so late data of one day never changes another (decision 0150). An interval
 * between two fixes belongs to the driver assigned at its start; a gap over `silenceS` is not
 * counted (the unit was silent). Pure: the job and the tests' recompute call the same function.
 */
export function dailyFigures(fixes: readonly DayFix[], periods: readonly DriverPeriod[], rules: FigureRules, day: { start: number; end: number }): DailyFigures[] {
  const slots = new Map<string | null, DailyFigures>();
  const sorted = [...periods].sort((a, b) => a.from - b.from);
  const driverAt = (t: number) => sorted.find((p) => p.from <= t && (p.to === null || t < p.to))?.driverId ?? null;
  const slot = (t: number) => {
    const id = driverAt(t);
    let figures = slots.get(id);
    if (!figures) slots.set(id, (figures = empty(id, t)));
    return figures;
  };
  const hourOf = hourReader(rules.timeZone, day);
  const { fromHour, toHour } = rules.allowedHours;
  const afterHours = (t: number) => {
    const hour = hourOf(t);
    return fromHour <= toHour ? hour < fromHour || hour >= toHour : hour < fromHour && hour >= toHour;
  };
  const overKmh = rules.speedLimitKmh + rules.overspeedMarginKmh;
  let wasOver = false;
  let accelerating = false;
  let braking = false;
  let movedSinceStop = false;
  let stillSince: number | null = null;

  for (let i = 0; i < fixes.length; i++) {
    const b = fixes[i] as DayFix;
    const own = slot(b.t);
    own.fixes += 1;
    own.topSpeedKmh = Math.max(own.topSpeedKmh, b.speedKmh);
    own.firstFix = Math.min(own.firstFix, b.t);
    own.lastFix = Math.max(own.lastFix, b.t);
    // A unit that reports a fuel level has burnt 0 until it shows a fall; one that never does has no figure.
    if (b.fuelPct !== null) own.fuelUsedPct ??= 0;
    const over = b.speedKmh > overKmh;
    const a = i > 0 ? fixes[i - 1] : undefined;
    const dt = a ? (b.t - a.t) / 1000 : Infinity;
    if (!a || dt > silenceS) {
      // A silence: after driving, the vehicle was parked with the unit off.
      if (a && movedSinceStop) slot(a.t).stops += 1;
      if (over) own.overspeedEvents += 1;
      wasOver = over;
      accelerating = braking = movedSinceStop = false;
      stillSince = null;
      continue;
    }
    if (over && !wasOver) own.overspeedEvents += 1;
    wasOver = over;
    const f = slot(a.t);
    const moving = (a.speedKmh >= movingKmh || b.speedKmh >= movingKmh) && a.ignition !== false;
    if (moving) {
      const m = distanceLatLonM(a.lat, a.lon, b.lat, b.lon);
      f.distanceM += m;
      f.drivingS += dt;
      if (afterHours(a.t)) {
        f.afterHoursS += dt;
        f.afterHoursM += m;
      }
      movedSinceStop = true;
      stillSince = null;
    } else {
      if (a.ignition === true) f.idleS += dt;
      stillSince ??= a.t;
      if (movedSinceStop && (b.t - stillSince) / 1000 >= stopAfterS) {
        own.stops += 1;
        movedSinceStop = false;
      }
    }
    if (a.ignition === true) f.engineS += dt;
    if (a.speedKmh > overKmh) f.overspeedS += dt;
    if (dt > 0 && dt <= rules.harshMaxGapS) {
      const change = (b.speedKmh - a.speedKmh) / 3.6 / dt;
      const accel = change >= rules.harshAccelerationMps2;
      const brake = -change >= rules.harshBrakingMps2;
      if (accel && !accelerating) own.harshAcceleration += 1;
      if (brake && !braking) own.harshBraking += 1;
      accelerating = accel;
      braking = brake;
    } else accelerating = braking = false;
    if (a.fuelPct !== null && b.fuelPct !== null && b.fuelPct < a.fuelPct) f.fuelUsedPct = (f.fuelUsedPct ?? 0) + a.fuelPct - b.fuelPct;
  }
  return [...slots.values()].filter((s) => s.fixes > 0 || s.drivingS > 0 || s.idleS > 0);
}

/**
 * The local hour of instants within one day: arithmetic from the day's start on ordinary days,
 * the time-zone database on the two daylight-saving days of the year.
 */
function hourReader(timeZone: string, day: { start: number; end: number }): (t: number) => number {
  if (day.end - day.start === 86_400_000) return (t) => (t - day.start) / 3_600_000;
  return (t) => localHour(t, timeZone);
}
