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
  const fold = new DayFold(periods, rules, day);
  for (const fix of fixes) fold.add(fix);
  return fold.figures();
}

/**
 * Where a fold over a day's fixes stands after its newest fix: the sums per driver slot and the
 * episode flags. Plain JSON, kept between rounds of the job (decision 0290), so a day that keeps
 * growing is folded on from here instead of being read again from midnight.
 */
export interface FoldState {
  slots: DailyFigures[];
  last: DayFix | null;
  wasOver: boolean;
  accelerating: boolean;
  braking: boolean;
  movedSinceStop: boolean;
  stillSince: number | null;
}

/**
 * `dailyFigures` one fix at a time. Folding a day's fixes in one go, or part of them, saving
 * `state()` and going on from it later with the rest, gives the same numbers to the last bit:
 * the additions happen in the same order.
 */
export class DayFold {
  private readonly slots = new Map<string | null, DailyFigures>();
  private readonly driverAt: (t: number) => string | null;
  private readonly hourOf: (t: number) => number;
  private readonly rules: FigureRules;
  private readonly overKmh: number;
  private s: Omit<FoldState, 'slots'>;

  constructor(periods: readonly DriverPeriod[], rules: FigureRules, day: { start: number; end: number }, from?: FoldState) {
    const sorted = [...periods].sort((a, b) => a.from - b.from);
    this.driverAt = (t) => sorted.find((p) => p.from <= t && (p.to === null || t < p.to))?.driverId ?? null;
    this.hourOf = hourReader(rules.timeZone, day);
    this.rules = rules;
    this.overKmh = rules.speedLimitKmh + rules.overspeedMarginKmh;
    this.s = { last: null, wasOver: false, accelerating: false, braking: false, movedSinceStop: false, stillSince: null };
    if (from) {
      const { slots, ...flags } = from;
      this.s = { ...flags };
      for (const slot of slots) this.slots.set(slot.driverId, { ...slot });
    }
  }

  /** The newest fix folded (null: none yet). */
  get last(): DayFix | null {
    return this.s.last;
  }

  /** Folds the next fix; fixes come in time order, each newer than `last`. */
  add(b: DayFix): void {
    const s = this.s;
    const rules = this.rules;
    const own = this.slot(b.t);
    own.fixes += 1;
    own.topSpeedKmh = Math.max(own.topSpeedKmh, b.speedKmh);
    own.firstFix = Math.min(own.firstFix, b.t);
    own.lastFix = Math.max(own.lastFix, b.t);
    // A unit that reports a fuel level has burnt 0 until it shows a fall; one that never does has no figure.
    if (b.fuelPct !== null) own.fuelUsedPct ??= 0;
    const over = b.speedKmh > this.overKmh;
    const a = s.last;
    s.last = b;
    const dt = a ? (b.t - a.t) / 1000 : Infinity;
    if (!a || dt > silenceS) {
      // A silence: after driving, the vehicle was parked with the unit off.
      if (a && s.movedSinceStop) this.slot(a.t).stops += 1;
      if (over) own.overspeedEvents += 1;
      s.wasOver = over;
      s.accelerating = s.braking = s.movedSinceStop = false;
      s.stillSince = null;
      return;
    }
    if (over && !s.wasOver) own.overspeedEvents += 1;
    s.wasOver = over;
    const f = this.slot(a.t);
    const moving = (a.speedKmh >= movingKmh || b.speedKmh >= movingKmh) && a.ignition !== false;
    if (moving) {
      const m = distanceLatLonM(a.lat, a.lon, b.lat, b.lon);
      f.distanceM += m;
      f.drivingS += dt;
      if (this.afterHours(a.t)) {
        f.afterHoursS += dt;
        f.afterHoursM += m;
      }
      s.movedSinceStop = true;
      s.stillSince = null;
    } else {
      if (a.ignition === true) f.idleS += dt;
      s.stillSince ??= a.t;
      if (s.movedSinceStop && (b.t - s.stillSince) / 1000 >= stopAfterS) {
        own.stops += 1;
        s.movedSinceStop = false;
      }
    }
    if (a.ignition === true) f.engineS += dt;
    if (a.speedKmh > this.overKmh) f.overspeedS += dt;
    if (dt > 0 && dt <= rules.harshMaxGapS) {
      const change = (b.speedKmh - a.speedKmh) / 3.6 / dt;
      const accel = change >= rules.harshAccelerationMps2;
      const brake = -change >= rules.harshBrakingMps2;
      if (accel && !s.accelerating) own.harshAcceleration += 1;
      if (brake && !s.braking) own.harshBraking += 1;
      s.accelerating = accel;
      s.braking = brake;
    } else s.accelerating = s.braking = false;
    if (a.fuelPct !== null && b.fuelPct !== null && b.fuelPct < a.fuelPct) f.fuelUsedPct = (f.fuelUsedPct ?? 0) + a.fuelPct - b.fuelPct;
  }

  /** The day's rows so far, one per driver slot with anything in it. */
  figures(): DailyFigures[] {
    return [...this.slots.values()].filter((s) => s.fixes > 0 || s.drivingS > 0 || s.idleS > 0).map((s) => ({ ...s }));
  }

  /** A copy to keep and fold on from (`new DayFold(…, state)`). */
  state(): FoldState {
    return { ...this.s, slots: [...this.slots.values()].map((s) => ({ ...s })) };
  }

  private slot(t: number): DailyFigures {
    const id = this.driverAt(t);
    let figures = this.slots.get(id);
    if (!figures) this.slots.set(id, (figures = empty(id, t)));
    return figures;
  }

  private afterHours(t: number): boolean {
    const { fromHour, toHour } = this.rules.allowedHours;
    const hour = this.hourOf(t);
    return fromHour <= toHour ? hour < fromHour || hour >= toHour : hour < fromHour && hour >= toHour;
  }
}

/**
 * The local hour of instants within one day: arithmetic from the day's start on ordinary days,
 * the time-zone database on the two daylight-saving days of the year.
 */
function hourReader(timeZone: string, day: { start: number; end: number }): (t: number) => number {
  if (day.end - day.start === 86_400_000) return (t) => (t - day.start) / 3_600_000;
  return (t) => localHour(t, timeZone);
}
