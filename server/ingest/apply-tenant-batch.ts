import { randomUUID } from 'node:crypto';
import { alertsByIds } from '../alerts/alerts-repository.ts';
import { applySignals, resolveOffline } from '../alerts/alert-writer.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { appendEvents, type EventBody } from '../stream/stream-log.ts';
import { recomputeTrips, removeTrips, saveTrips, type TripWrite } from '../trips/trip-store.ts';
import { deviceOutcome, type DeviceOutcome, type TenantContext } from './device-outcome.ts';
import { lockStates, updateDeviceList, writeStates, type DeviceState } from './device-state-store.ts';
import type { HotStateCache } from './hot-state.ts';
import { insertPositions } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';
import { stageClock } from './stage-clock.ts';

export type { TenantContext } from './device-outcome.ts';

export interface BatchCounts {
  stored: number;
  duplicates: number;
  /** "deviceId|fixTime" of every fix this batch stored for the first time. */
  freshKeys: Set<string>;
  /** Call once the transaction committed: the hot state then reflects this batch. */
  afterCommit: () => void;
}

/**
 * An open trip row is rewritten at most this often (device time) while it runs: the trip's
 * state machine lives in device_state.trip_state, written every batch, so nothing is lost;
 * the row is what lists show, and it is written at once when a trip starts, closes or is
 * recomputed. Rewriting it on every fix cost a quarter of ingest (decision 0020).
 */
export const openTripWriteEveryMs = 30_000;

/**
 * The devices table's last-fix columns (tenancy's device list) are refreshed at most this often
 * per device; live positions reach consoles on the stream and in device_state at once.
 */
export const deviceListWriteEveryMs = 30_000;

/** Rounds of "another writer got there first" before a batch gives up (it is then retried). */
const maxRaces = 3;

/**
 * The whole pipeline for one tenant's share of a batch, in the caller's tenant transaction:
 * store new fixes, then per device (in device-time order) trips, rules and latest state, then
 * alerts and the stream events. Only fixes that were new are judged, so a retry changes nothing.
 */
export async function applyTenantBatch(db: DbSession, tenantId: string, reports: readonly ResolvedReport[], ctx: TenantContext, hot: HotStateCache): Promise<BatchCounts> {
  let t = performance.now();
  const fresh = await insertPositions(db, reports);
  const freshKeys = new Set(fresh);
  t = stageClock.add('insertPositions', t);
  const byDevice = new Map<string, ResolvedReport[]>();
  for (const r of reports) {
    if (!fresh.delete(`${r.deviceId}|${r.fixTime}`)) continue;
    const list = byDevice.get(r.deviceId);
    if (list) list.push(r);
    else byDevice.set(r.deviceId, [r]);
  }
  const stored = [...byDevice.values()].reduce((n, list) => n + list.length, 0);
  const nothing = () => undefined;
  if (stored === 0) return { stored, duplicates: reports.length, freshKeys, afterCommit: nothing };

  // Devices this process holds a current copy of are judged from memory; the others are read
  // (and locked) from device_state. writeStates then checks every copy was still current.
  const now = Date.now();
  const missing = [...byDevice.keys()].filter((id) => !hot.get(id));
  const locked = await lockStates(db, missing);
  t = stageClock.add('loadState', t);
  const outcomes = new Map<string, DeviceOutcome>();
  const expected = new Map<string, string | null>();
  for (const [deviceId, fixes] of byDevice) {
    const known = hot.get(deviceId) ?? locked.get(deviceId);
    expected.set(deviceId, known?.xid ?? null);
    outcomes.set(deviceId, deviceOutcome(deviceId, known?.state, fixes, ctx, now));
  }
  t = stageClock.add('tripsAndRules', t);
  let pending = [...byDevice.keys()];
  let xid: string | null = null;
  for (let round = 0; pending.length > 0; round++) {
    if (round === maxRaces) throw new Error(`device_state of ${pending.length} devices kept changing under this batch; retry`);
    if (round > 0) {
      // Another instance (or the offline sweep) wrote these devices since we last saw them:
      // judge the new fixes again from the stored state, now locked so it cannot move.
      hot.forget(pending);
      const current = await lockStates(db, pending);
      for (const deviceId of pending) {
        const known = current.get(deviceId);
        expected.set(deviceId, known?.xid ?? null);
        outcomes.set(deviceId, deviceOutcome(deviceId, known?.state, byDevice.get(deviceId) ?? [], ctx, now));
      }
    }
    const result = await writeStates(db, pending.map((id) => ({ state: (outcomes.get(id) as DeviceOutcome).state, expected: expected.get(id) ?? null })));
    xid = result.xid ?? xid;
    pending = pending.filter((id) => !result.written.has(id));
  }
  const states = [...outcomes.values()].map((o) => o.state);
  t = stageClock.add('saveState', t);
  const listWrittenAt = new Map<string, number>();
  for (const state of states) {
    const last = hot.get(state.deviceId)?.listWrittenAt;
    if (last === undefined || last === null || now - last >= deviceListWriteEveryMs) listWrittenAt.set(state.deviceId, now);
  }
  await updateDeviceList(db, states.filter((s) => listWrittenAt.has(s.deviceId)));
  t = stageClock.add('deviceList', t);

  const tripWrittenAt = await writeTrips(db, outcomes, hot);
  t = stageClock.add('trips', t);

  const changedAlerts: string[] = await resolveOffline(db, [...outcomes].filter(([, o]) => o.backOnline).map(([id]) => id));
  for (const [deviceId, o] of outcomes) {
    if (o.signals.length > 0) changedAlerts.push(...(await applySignals(db, deviceId, o.signals, ctx.settings.cooldownMs)));
  }
  const events: EventBody[] = [];
  const live = [...outcomes.values()].flatMap((o) => o.live);
  if (live.length > 0) events.push({ type: 'positions', positions: live });
  const backOnline = [...outcomes].filter(([, o]) => o.backOnline).map(([id]) => id);
  if (backOnline.length > 0) {
    const at = new Date(now).toISOString();
    events.push({ type: 'deviceStatus', changes: backOnline.map((deviceId) => ({ deviceId, status: 'online', at })) });
  }
  for (const alert of await alertsByIds(db, changedAlerts)) events.push({ type: 'alert', alert });
  t = stageClock.add('alerts', t);
  await appendEvents(db, tenantId, events);
  stageClock.add('stream', t);
  const committedXid = xid;
  return {
    stored,
    duplicates: reports.length - stored,
    freshKeys,
    afterCommit: () => {
      if (committedXid !== null) hot.commit(states, committedXid, { openTripWrittenT: tripWrittenAt, listWrittenAt });
    },
  };
}

/**
 * Closed trips and drops always; open trips when new or every openTripWriteEveryMs; then the
 * late-data recomputes, whose resulting trip state replaces the one written with the batch.
 * Returns the device time each open trip row was written at, for the hot state.
 */
async function writeTrips(db: DbSession, outcomes: Map<string, DeviceOutcome>, hot: HotStateCache): Promise<Map<string, number>> {
  const writes: TripWrite[] = [];
  const drops: string[] = [];
  const writtenAt = new Map<string, number>();
  for (const [deviceId, o] of outcomes) {
    drops.push(...o.tripDrops);
    const entry = hot.get(deviceId);
    for (const w of o.tripWrites) {
      const lastT = entry?.state.tripState?.trip?.id === w.trip.id ? entry.openTripWrittenT : null;
      if (w.status === 'open' && lastT !== null && w.trip.endT - lastT < openTripWriteEveryMs) continue;
      writes.push(w);
      if (w.status === 'open') writtenAt.set(deviceId, w.trip.endT);
    }
  }
  // Dropped (too short) open trips go first: a device's new open trip may replace one in this batch.
  await removeTrips(db, drops);
  await saveTrips(db, writes);
  const late: DeviceState[] = [];
  for (const [deviceId, o] of outcomes) {
    if (o.lateFrom === null) continue;
    const result = await recomputeTrips(db, deviceId, o.lateFrom, randomUUID);
    o.state.tripState = result.state;
    late.push(o.state);
    if (result.state.trip) writtenAt.set(deviceId, result.state.trip.endT);
  }
  if (late.length > 0) {
    await db.query('UPDATE device_state SET trip_state = x.s::jsonb FROM unnest($1::uuid[], $2::text[]) AS x(id, s) WHERE device_id = x.id', [
      late.map((s) => s.deviceId),
      late.map((s) => JSON.stringify(s.tripState)),
    ]);
  }
  return writtenAt;
}
