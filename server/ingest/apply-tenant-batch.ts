import { randomUUID } from 'node:crypto';
import { alertsByIds } from '../alerts/alerts-repository.ts';
import { applySignals, resolveOffline } from '../alerts/alert-writer.ts';
import type { MonitoringSettings } from '../alerts/monitoring-settings.ts';
import { evaluateRules, type RuleGeofence } from '../alerts/rules.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { appendEvents, type EventBody } from '../stream/stream-log.ts';
import { recomputeTrips, removeTrips, saveTrips, type TripWrite } from '../trips/trip-store.ts';
import { advanceTrips, emptyTripState } from '../trips/trip-segmenter.ts';
import type { LivePosition } from '../../contract/stream/messages.ts';
import { loadStates, saveStates, type DeviceState } from './device-state-store.ts';
import { insertPositions } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';
import { stageClock } from './stage-clock.ts';

export interface TenantContext {
  settings: MonitoringSettings;
  geofences: RuleGeofence[];
  describeDtc: (code: string) => string | null;
  /** deviceId → group, from device resolution. */
  groupOf: (deviceId: string) => string | null;
}

export interface BatchCounts {
  stored: number;
  duplicates: number;
  /** "deviceId|fixTime" of every fix this batch stored for the first time. */
  freshKeys: Set<string>;
}

/**
 * The whole pipeline for one tenant's share of a batch, in the caller's tenant transaction:
 * store new fixes, then per device (in device-time order) trips, rules and latest state, then
 * alerts and the stream events. Only fixes that were new are judged, so a retry changes nothing.
 */
export async function applyTenantBatch(db: DbSession, tenantId: string, reports: readonly ResolvedReport[], ctx: TenantContext): Promise<BatchCounts> {
  let t = performance.now();
  const fresh = await insertPositions(db, reports);
  const freshKeys = new Set(fresh);
  t = stageClock.add('insertPositions', t);
  const byDevice = new Map<string, ResolvedReport[]>();
  for (const r of reports) {
    const key = `${r.deviceId}|${r.fixTime}`;
    if (!fresh.delete(key)) continue;
    const list = byDevice.get(r.deviceId);
    if (list) list.push(r);
    else byDevice.set(r.deviceId, [r]);
  }
  const stored = [...byDevice.values()].reduce((n, list) => n + list.length, 0);
  if (stored === 0) return { stored, duplicates: reports.length, freshKeys };
  const states = await loadStates(db, [...byDevice.keys()]);
  t = stageClock.add('loadState', t);

  const now = Date.now();
  const newStates: DeviceState[] = [];
  const tripWrites: TripWrite[] = [];
  const tripDrops: string[] = [];
  const lateDevices: { deviceId: string; from: number }[] = [];
  const signalsByDevice: [string, ReturnType<typeof evaluateRules>['signals']][] = [];
  const live: LivePosition[] = [];
  const backOnline: string[] = [];
  for (const [deviceId, list] of byDevice) {
    list.sort((a, b) => a.fixTime - b.fixTime);
    const prev = states.get(deviceId);
    const newest = prev?.fixTime ?? -Infinity;
    const inOrder = list.filter((r) => r.fixTime > newest);
    const late = list.filter((r) => r.fixTime <= newest);
    let tripState = prev?.tripState ?? emptyTripState();
    if (late.length > 0) lateDevices.push({ deviceId, from: late[0]?.fixTime ?? newest });
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
      { groupId: ctx.groupOf(deviceId), speedLimitKmh: prev?.speedLimitKmh ?? null, describeDtc: ctx.describeDtc },
      ctx.geofences,
    );
    if (rules.signals.length > 0) signalsByDevice.push([deviceId, rules.signals]);
    if (prev && !prev.online) backOnline.push(deviceId);
    newStates.push(nextState(deviceId, prev, inOrder, tripState, rules.state, now));
    for (const r of inOrder) {
      live.push({ deviceId, fixTime: r.fixTime, latitude: r.latitude, longitude: r.longitude, speedKmh: r.speedKmh, course: r.course, ignition: r.ignition });
    }
  }
  t = stageClock.add('tripsAndRules', t);
  await saveStates(db, newStates);
  t = stageClock.add('saveState', t);
  // Dropped (too short) open trips go first: a device's new open trip may replace one in this batch.
  await removeTrips(db, tripDrops);
  await saveTrips(db, tripWrites);
  for (const late of lateDevices) {
    const result = await recomputeTrips(db, late.deviceId, late.from, randomUUID);
    await db.query('UPDATE device_state SET trip_state = $2 WHERE device_id = $1', [late.deviceId, JSON.stringify(result.state)]);
  }
  t = stageClock.add('trips', t);
  const changedAlerts: string[] = await resolveOffline(db, backOnline);
  for (const [deviceId, signals] of signalsByDevice) changedAlerts.push(...(await applySignals(db, deviceId, signals, ctx.settings.cooldownMs)));
  const events: EventBody[] = [];
  if (live.length > 0) events.push({ type: 'positions', positions: live });
  if (backOnline.length > 0) {
    const at = new Date(now).toISOString();
    events.push({ type: 'deviceStatus', changes: backOnline.map((deviceId) => ({ deviceId, status: 'online', at })) });
  }
  for (const alert of await alertsByIds(db, changedAlerts)) events.push({ type: 'alert', alert });
  t = stageClock.add('alerts', t);
  await appendEvents(db, tenantId, events);
  stageClock.add('stream', t);
  return { stored, duplicates: reports.length - stored, freshKeys };
}

/** The newest fix wins position fields; each reading keeps its last reported value. */
function nextState(deviceId: string, prev: DeviceState | undefined, inOrder: readonly ResolvedReport[], tripState: DeviceState['tripState'], ruleState: DeviceState['ruleState'], now: number): DeviceState {
  const base: DeviceState = prev
    ? { ...prev, online: true, lastSeenAt: now, tripState, ruleState }
    : {
        deviceId, lastSeenAt: now, fixTime: 0, latitude: 0, longitude: 0, speedKmh: 0, course: 0, altitudeM: null, accuracyM: null, valid: true,
        ignition: null, online: true, batteryVoltage: null, batteryLevel: null, charging: null, odometerKm: null, fuelLevel: null,
        coolantTempC: null, rpm: null, dtcCodes: [], speedLimitKmh: null, tripState, ruleState,
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
  // A device whose first-ever batch was all late data (impossible: nothing is late without a
  // previous fix) would keep fixTime 0; the first report always lands in inOrder.
  return base;
}
