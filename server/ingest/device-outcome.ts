import { randomUUID } from 'node:crypto';
import type { MonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { DriverTagMemo } from '../drivers/driver-tags.ts';
import type { DeliverySink } from '../notifications/alert-deliveries.ts';
import { evaluateRules, type AlertSignal, type RuleGeofence, type VisitCrossing } from '../alerts/rules.ts';
import { speedLimits } from '../geocoding/speed-limits.ts';
import type { TripWrite } from '../trips/trip-store.ts';
import { advanceTrips, emptyTripState } from '../trips/trip-segmenter.ts';
import type { LivePosition } from '../../contract/stream/messages.ts';
import type { DeviceState } from './device-state-store.ts';
import { screenJumps } from './jump-guard.ts';
import { attributesOf } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';

export interface TenantContext {
  settings: MonitoringSettings;
  geofences: RuleGeofence[];
  describeDtc: (code: string) => string | null;
  /** deviceId → group, from device resolution. */
  groupOf: (deviceId: string) => string | null;
  /** Driver tags this process applied last (server/drivers); without it tags assign nothing. */
  driverTags?: DriverTagMemo;
  /** This instance's dispatcher: new alerts' deliveries are handed to it after commit (decision 0490). */
  deliveries?: DeliverySink;
}

/** Everything one device's new fixes lead to, before anything is written. */
export interface DeviceOutcome {
  state: DeviceState;
  tripWrites: TripWrite[];
  tripDrops: string[];
  /** Set when some fixes were older than the newest stored one: trips are recomputed from here. */
  lateFrom: number | null;
  signals: AlertSignal[];
  /** Geofence edges crossed by the in-order fixes (visits; written with the state). */
  crossings: VisitCrossing[];
  live: LivePosition[];
  backOnline: boolean;
  /** New fixes that imply an impossible jump: stored and flagged, but judged as if not there. */
  suspect: ResolvedReport[];
}

/**
 * Pure: a device's previous state + its new fixes (all stored for the first time) → new state,
 * trip changes, rule signals and live messages. In-order fixes advance the trip and rule state
 * machines; late ones (not newer than the newest known) only trigger a trip recompute.
 */
export function deviceOutcome(deviceId: string, prev: DeviceState | undefined, fixes: readonly ResolvedReport[], ctx: TenantContext, now: number): DeviceOutcome {
  const list = [...fixes].sort((a, b) => a.fixTime - b.fixTime);
  const newest = prev?.fixTime ?? -Infinity;
  // A device's first fix has nothing to be judged against (fixTime 0 = no fix yet).
  const lastFix = prev && prev.fixTime > 0 ? prev : null;
  const { plausible: inOrder, suspect } = screenJumps(lastFix, list.filter((r) => r.fixTime > newest));
  const late = list.filter((r) => r.fixTime <= newest);
  let tripState = prev?.tripState ?? emptyTripState();
  const tripWrites: TripWrite[] = [];
  const tripDrops: string[] = [];
  let lateFrom: number | null = null;
  if (late.length > 0) lateFrom = late[0]?.fixTime ?? newest;
  else if (inOrder.length > 0) {
    const update = advanceTrips(tripState, inOrder.map((r) => ({ t: r.fixTime, lat: r.latitude, lon: r.longitude, speedKmh: r.speedKmh, ignition: r.ignition })), randomUUID);
    tripState = update.state;
    for (const trip of update.closed) tripWrites.push({ deviceId, trip, status: 'closed' });
    if (update.state.trip) tripWrites.push({ deviceId, trip: update.state.trip, status: 'open' });
    tripDrops.push(...update.dropped);
  }
  const rules = evaluateRules(
    prev?.ruleState ?? {},
    inOrder.map((r) => ({ t: r.fixTime, lat: r.latitude, lon: r.longitude, speedKmh: r.speedKmh, ignition: r.ignition, batteryVoltage: r.batteryVoltage, dtc: r.dtc })),
    ctx.settings,
    { groupId: ctx.groupOf(deviceId), speedLimitKmh: prev?.speedLimitKmh ?? null, describeDtc: ctx.describeDtc, limits: speedLimits() },
    ctx.geofences,
  );
  const live = inOrder.map((r) => ({ deviceId, fixTime: r.fixTime, latitude: r.latitude, longitude: r.longitude, speedKmh: r.speedKmh, course: r.course, ignition: r.ignition }));
  return {
    state: nextState(deviceId, prev, inOrder, tripState, rules.state, now),
    tripWrites, tripDrops, lateFrom, signals: rules.signals, crossings: rules.crossings, live,
    backOnline: prev !== undefined && !prev.online,
    suspect,
  };
}

/** The newest fix wins position fields; each reading keeps its last reported value. */
function nextState(deviceId: string, prev: DeviceState | undefined, inOrder: readonly ResolvedReport[], tripState: DeviceState['tripState'], ruleState: DeviceState['ruleState'], now: number): DeviceState {
  const base: DeviceState = prev
    ? { ...prev, online: true, lastSeenAt: now, tripState, ruleState }
    : {
        deviceId, lastSeenAt: now, fixTime: 0, latitude: 0, longitude: 0, speedKmh: 0, course: 0, altitudeM: null, accuracyM: null, valid: true,
        ignition: null, online: true, batteryVoltage: null, batteryLevel: null, charging: null, odometerKm: null, fuelLevel: null,
        coolantTempC: null, rpm: null, dtcCodes: [], speedLimitKmh: null, attributes: null, tripState, ruleState,
      };
  for (const r of inOrder) {
    Object.assign(base, {
      fixTime: r.fixTime, latitude: r.latitude, longitude: r.longitude, speedKmh: r.speedKmh, course: r.course,
      altitudeM: r.altitudeM, accuracyM: r.accuracyM, valid: r.valid, ignition: r.ignition ?? base.ignition,
      batteryVoltage: r.batteryVoltage ?? base.batteryVoltage, batteryLevel: r.batteryLevel ?? base.batteryLevel,
      charging: r.charging ?? base.charging, odometerKm: r.odometerKm ?? base.odometerKm, fuelLevel: r.fuelLevel ?? base.fuelLevel,
      coolantTempC: r.coolantTempC ?? base.coolantTempC, rpm: r.rpm ?? base.rpm,
    });
    if (r.dtc !== null) {
      const seen = new Map(base.dtcCodes.map((d) => [d.code, d.firstSeenAt]));
      base.dtcCodes = r.dtc.map((code) => ({ code, firstSeenAt: seen.get(code) ?? new Date(r.fixTime).toISOString() }));
    }
  }
  const newestFix = inOrder[inOrder.length - 1];
  // The latest position carries the newest fix's attributes (as the positions history does).
  if (newestFix) base.attributes = attributesOf(newestFix);
  // A device's first-ever batch always lands in inOrder (nothing is late without a previous fix).
  return base;
}
