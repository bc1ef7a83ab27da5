import type { AlertSeverity, AlertType } from '../../contract/api/alerts.ts';
import type { GeofenceShape } from '../../contract/api/geofences.ts';
import type { AppliedSpeedLimit } from '../../contract/api/places.ts';
import { insideShape } from '../../contract/geo/shape.ts';
import type { MonitoringSettings } from './monitoring-settings.ts';

/** A fix as the rules see it (device time order, newer than anything judged before). */
export interface RulePoint {
  t: number;
  lat: number;
  lon: number;
  speedKmh: number;
  ignition: boolean | null;
  batteryVoltage: number | null;
  dtc: string[] | null;
}

export interface RuleGeofence {
  id: string;
  name: string;
  groupId: string | null;
  shape: GeofenceShape;
  alertOnEnter: boolean;
  alertOnExit: boolean;
}

/** What the rules remember per device between fixes (device_state.rule_state). */
export interface RuleState {
  last?: { t: number; speedKmh: number; ignition: boolean | null };
  /** limitKmh/limitSource: the limit the episode started against (absent in states stored before posted limits). */
  overspeed?: { since: number; maxKmh: number; limitKmh?: number; limitSource?: AppliedSpeedLimit['limitSource'] };
  lowBattery?: boolean;
  geofences?: string[];
  dtc?: string[];
}

/**
 * `raise`: the condition started (or is a one-off event): open an alert, or count a repeat.
 * `update`: an ongoing episode's alert gets new details (e.g. the final top speed).
 */
export interface AlertSignal {
  kind: 'raise' | 'update';
  type: AlertType;
  key: string;
  severity: AlertSeverity;
  at: number;
  /** Where the fix that raised it was: the alert's address is computed from it when written. */
  lat: number;
  lon: number;
  message: string;
  details: Record<string, unknown>;
}

/**
 * A vehicle crossing a geofence's edge, for its visits (server/geofences/visit-store.ts): every
 * geofence that applies to the vehicle, alerting or not. `at` is the first fix inside (entered)
 * or the first fix outside (left). A device's first fix inside opens visits too.
 */
export interface VisitCrossing {
  geofenceId: string;
  entered: boolean;
  at: number;
}

/** The posted-limit lookup (server/geocoding/speed-limits.ts); rules stay pure given it. */
export interface LimitLookup {
  exceeded(lat: number, lon: number, speedKmh: number, marginKmh: number, fallbackKmh: number): AppliedSpeedLimit | null;
}

export interface DeviceContext {
  groupId: string | null;
  /** The vehicle's own limit; null = the tenant default. Posted limits take precedence over both. */
  speedLimitKmh: number | null;
  describeDtc: (code: string) => string | null;
  /** Posted limits by position; without it every fix is judged against the account's limit. */
  limits?: LimitLookup;
}

/** Judging against the account's limit only (no road data). */
function accountLimitOnly(fallbackKmh: number): LimitLookup {
  return {
    exceeded: (_lat, _lon, speedKmh, marginKmh) => (speedKmh > fallbackKmh + marginKmh ? { limitKmh: fallbackKmh, limitSource: 'tenant' } : null),
  };
}

/** The geofences that apply to a vehicle of `groupId`: the tenant's own and its group's. */
export function fencesOfGroup(geofences: readonly RuleGeofence[], groupId: string | null): RuleGeofence[] {
  return geofences.filter((g) => g.groupId === null || g.groupId === groupId);
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
export function localHour(t: number, timeZone: string): number {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(t));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour + minute / 60;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Judges one device's new fixes in order. Pure: the caller persists the state and turns the
 * signals into alerts (de-duplication and cool-down live there, in the database).
 */
export function evaluateRules(
  initial: RuleState,
  points: readonly RulePoint[],
  settings: MonitoringSettings,
  device: DeviceContext,
  geofences: readonly RuleGeofence[],
): { state: RuleState; signals: AlertSignal[]; crossings: VisitCrossing[] } {
  const state: RuleState = { ...initial };
  const signals: AlertSignal[] = [];
  const crossings: VisitCrossing[] = [];
  const accountLimit = device.speedLimitKmh ?? settings.speedLimitKmh;
  const limits = device.limits ?? accountLimitOnly(accountLimit);
  const fences = fencesOfGroup(geofences, device.groupId);
  for (const p of points) {
    if (state.last && p.t <= state.last.t) continue;
    const where = { lat: p.lat, lon: p.lon };
    // Overspeed against the limit where the vehicle is: one alert per episode; the episode's top
    // speed is written when it ends, with the limit it started against.
    const over = limits.exceeded(p.lat, p.lon, p.speedKmh, settings.overspeedMarginKmh, accountLimit);
    if (over) {
      if (!state.overspeed) {
        state.overspeed = { since: p.t, maxKmh: p.speedKmh, limitKmh: over.limitKmh, limitSource: over.limitSource };
        signals.push({
          kind: 'raise', type: 'overspeed', key: '', severity: 'warning', at: p.t, ...where,
          message: `Speed ${Math.round(p.speedKmh)} km/h, ${over.limitSource === 'posted' ? 'posted limit' : 'limit'} ${over.limitKmh} km/h`,
          details: { speedKmh: round1(p.speedKmh), limitKmh: over.limitKmh, limitSource: over.limitSource, startedAt: new Date(p.t).toISOString() },
        });
      } else state.overspeed = { ...state.overspeed, maxKmh: Math.max(state.overspeed.maxKmh, p.speedKmh) };
    } else if (state.overspeed) {
      const limitKmh = state.overspeed.limitKmh ?? accountLimit;
      const limitSource = state.overspeed.limitSource ?? 'tenant';
      signals.push({
        kind: 'update', type: 'overspeed', key: '', severity: 'warning', at: p.t, ...where,
        message: `Speed up to ${Math.round(state.overspeed.maxKmh)} km/h, ${limitSource === 'posted' ? 'posted limit' : 'limit'} ${limitKmh} km/h`,
        details: { speedKmh: round1(state.overspeed.maxKmh), limitKmh, limitSource, startedAt: new Date(state.overspeed.since).toISOString(), endedAt: new Date(p.t).toISOString() },
      });
      delete state.overspeed;
    }
    // Harsh driving from the speed change between close fixes.
    if (state.last) {
      const dtS = (p.t - state.last.t) / 1000;
      if (dtS > 0 && dtS <= settings.harshMaxGapS) {
        const accel = (p.speedKmh - state.last.speedKmh) / 3.6 / dtS;
        if (accel <= -settings.harshBrakingMps2 || accel >= settings.harshAccelerationMps2) {
          const braking = accel < 0;
          signals.push({
            kind: 'raise', type: braking ? 'harsh_braking' : 'harsh_acceleration', key: '', severity: 'warning', at: p.t, ...where,
            message: `${braking ? 'Harsh braking' : 'Harsh acceleration'}: ${Math.round(state.last.speedKmh)} → ${Math.round(p.speedKmh)} km/h in ${round1(dtS)} s`,
            details: { fromKmh: round1(state.last.speedKmh), toKmh: round1(p.speedKmh), seconds: round1(dtS), mps2: round1(accel) },
          });
        }
      }
    }
    // Ignition switched on outside the tenant's allowed hours.
    if (p.ignition === true && state.last?.ignition !== true) {
      const hour = localHour(p.t, settings.timeZone);
      const { fromHour, toHour } = settings.allowedHours;
      if (hour < fromHour || hour >= toHour) {
        signals.push({
          kind: 'raise', type: 'ignition_outside_hours', key: '', severity: 'warning', at: p.t, ...where,
          message: `Ignition on at ${String(Math.floor(hour)).padStart(2, '0')}:${String(Math.floor((hour % 1) * 60)).padStart(2, '0')}, allowed ${fromHour}:00–${toHour}:00`,
          details: { localTime: round1(hour), fromHour, toHour, timeZone: settings.timeZone },
        });
      }
    }
    // Low battery with hysteresis, so a voltage wobbling around the threshold is one episode.
    if (p.batteryVoltage !== null) {
      if (!state.lowBattery && p.batteryVoltage < settings.lowBatteryVolts) {
        state.lowBattery = true;
        signals.push({
          kind: 'raise', type: 'low_battery', key: '', severity: 'warning', at: p.t, ...where,
          message: `Battery ${p.batteryVoltage.toFixed(1)} V, below ${settings.lowBatteryVolts} V`,
          details: { voltage: round1(p.batteryVoltage), thresholdVolts: settings.lowBatteryVolts },
        });
      } else if (state.lowBattery && p.batteryVoltage >= settings.lowBatteryVolts + settings.batteryHysteresisVolts) {
        state.lowBattery = false;
      }
    }
    // New diagnostic trouble codes (codes already active do not alert again).
    if (p.dtc !== null) {
      const known = new Set(state.dtc ?? []);
      for (const code of p.dtc.filter((c) => !known.has(c))) {
        const description = device.describeDtc(code);
        signals.push({
          kind: 'raise', type: 'dtc', key: code, severity: code.startsWith('P03') || code.startsWith('U') ? 'critical' : 'warning', at: p.t, ...where,
          message: description ? `${code}: ${description}` : `${code} (no description known)`,
          details: { code, description },
        });
      }
      state.dtc = p.dtc;
    }
    // Geofence transitions. The first fix only establishes where the device is (for alerts; a
    // visit begins there). The inside set is worked out per fix anyway, so visits cost only their
    // crossings: a set difference when the set changed.
    const inside = fences.filter((g) => insideShape(p.lat, p.lon, g.shape)).map((g) => g.id);
    const was = state.geofences ?? [];
    if (inside.length !== was.length || inside.some((id, i) => was[i] !== id)) {
      for (const id of was) if (!inside.includes(id)) crossings.push({ geofenceId: id, entered: false, at: p.t });
      for (const id of inside) if (!was.includes(id)) crossings.push({ geofenceId: id, entered: true, at: p.t });
    }
    if (state.geofences !== undefined) {
      const before = new Set(state.geofences);
      const now = new Set(inside);
      for (const g of fences) {
        const entered = now.has(g.id) && !before.has(g.id);
        const left = !now.has(g.id) && before.has(g.id);
        if ((entered && g.alertOnEnter) || (left && g.alertOnExit)) {
          signals.push({
            kind: 'raise', type: entered ? 'geofence_enter' : 'geofence_exit', key: g.id, severity: 'info', at: p.t, ...where,
            message: `${entered ? 'Entered' : 'Left'} ${g.name}`,
            details: { geofenceId: g.id, geofenceName: g.name },
          });
        }
      }
    }
    state.geofences = inside;
    state.last = { t: p.t, speedKmh: p.speedKmh, ignition: p.ignition };
  }
  return { state, signals, crossings };
}
