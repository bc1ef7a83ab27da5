import { randomUUID } from 'node:crypto';
import { binaryArray, binaryTextArray } from '../db/binary-arrays.ts';
import { applySignals, resolveOffline } from '../alerts/alert-writer.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { applyDriverTags } from '../drivers/driver-tags.ts';
import { rebuildVisits, writeCrossings } from '../geofences/visit-store.ts';
import { deliverOpenedAlerts } from '../notifications/alert-deliveries.ts';
import { appendEvents, type EventBody } from '../stream/stream-log.ts';
import type { StreamEvent } from '../stream/tenant-feed.ts';
import { recomputeTrips, removeTrips, saveTrips, type TripWrite } from '../trips/trip-store.ts';
import type { DeviceOutcome, TenantContext } from './device-outcome.ts';
import { lockStates, updateDeviceList, writeStates, type DeviceState } from './device-state-store.ts';
import type { HotStateCache } from './hot-state.ts';
import { judgeDevice, mustWriteNow, tripWritesDue, type Base } from './judge-device.ts';
import { flagSuspectPositions, insertPositions, positionKey } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';
import { noIngestMetrics, type IngestMetrics } from './ingest-metrics.ts';
import { storedFixesAfter, type StoredFix } from './stored-fixes.ts';

export type { TenantContext } from './device-outcome.ts';

export interface BatchCounts {
  stored: number;
  duplicates: number;
  /** "deviceId|fixTime" of every fix this batch stored for the first time; null: all its fixes were. */
  freshKeys: Set<string> | null;
  /** Fixes kept in position_conflicts (same time as a stored fix, other content), per key. */
  conflictKeys: Map<string, number>;
  /** Call once the transaction committed: the hot state then reflects this batch. */
  afterCommit: () => void;
  /** The stream events this batch appended (with their seq), for the local feed once committed. */
  events: StreamEvent[];
}

/**
 * The devices table's last-fix columns (tenancy's device list) are refreshed at most this often
 * per device; live positions reach consoles on the stream at once.
 */
export const deviceListWriteEveryMs = 30_000;

/** Rounds of "another writer got there first" before a batch gives up (it is then retried). */
const maxRaces = 3;

interface Judged {
  outcome: DeviceOutcome;
  expected: string | null;
  trips: TripWrite[];
  write: boolean;
}

/**
 * The whole pipeline for one tenant's share of a flush, in the caller's tenant transaction:
 * store new fixes, then per device (in device-time order) trips, rules and latest state, then
 * alerts and the stream events. Only fixes that were new are judged, so a retry changes nothing.
 *
 * `checkpoint`: devices whose state is written in this transaction even without new fixes:
 * dirty ones from memory (write-behind, decision 0020 round 3), and ones not in memory, which are
 * read from the store and brought up to date with the fixes stored after it (crash recovery).
 * Clean ones in memory are skipped. `quiet`: those of them whose device-list columns and open trip
 * are written as they stand too (quiet devices, recovery; decision 0112); the others only get
 * their state written (dirty for the checkpoint interval: decision 0285). Default: all of them.
 *
 * `mayBeStored`: skip the cheaper insert for batches that look new (decision 0410); the flush
 * passes it when that insert found a stored fix (PositionsNotNewError) and it runs the batch again.
 */
export async function applyTenantBatch(
  db: DbSession, tenantId: string, reports: readonly ResolvedReport[], ctx: TenantContext, hot: HotStateCache, checkpoint: readonly string[] = [],
  metrics: IngestMetrics = noIngestMetrics, quiet?: ReadonlySet<string>, mayBeStored = false,
): Promise<BatchCounts> {
  let t = metrics.mark();
  const surely = !mayBeStored && surelyNew(reports, hot);
  const inserted = reports.length > 0 ? await insertPositions(db, reports, ctx.settings.timeZone, surely) : { fresh: null, conflicts: new Map<string, number>() };
  // null: every report was stored for the first time (the usual batch), so no key per fix is built.
  const fresh = inserted.fresh;
  const freshKeys = fresh ? new Set(fresh) : null;
  const batchKeys = () => freshKeys ?? new Set(reports.map((r) => positionKey(r.deviceId, r.fixTime)));
  const conflictKeys = inserted.conflicts;
  t = metrics.stage('insertPositions', t);
  const byDevice = new Map<string, ResolvedReport[]>();
  for (const r of reports) {
    // A fix sent twice in one batch is stored (and judged) once.
    if (fresh && !fresh.delete(positionKey(r.deviceId, r.fixTime))) continue;
    const list = byDevice.get(r.deviceId);
    if (list) list.push(r);
    else byDevice.set(r.deviceId, [r]);
  }
  const freshReports = [...byDevice.values()].flat();
  const stored = freshReports.length;
  // The days these fixes fall on were marked for the insights job by the insert itself (decision 0150).
  const tags = ctx.driverTags?.changed(freshReports) ?? [];
  await applyDriverTags(db, tags, ctx.settings.timeZone);
  const rememberTags = () => ctx.driverTags?.remember(tags);
  t = metrics.stage('insightsAndDrivers', t);
  const deviceIds = new Set([...byDevice.keys(), ...checkpoint.filter((id) => !hot.get(id) || hot.needsCheckpoint(id))]);
  if (deviceIds.size === 0) return { stored, duplicates: reports.length, freshKeys, conflictKeys, afterCommit: rememberTags, events: [] };

  // Devices this process holds a current copy of are judged from memory; the others are read
  // (and locked) from device_state, plus the fixes stored after it. The state is written when
  // the fixes led to more than a position, when it was read from the store, or when due.
  const now = Date.now();
  const bases = await readBases(db, tenantId, [...deviceIds].filter((id) => !hot.get(id)), batchKeys);
  t = metrics.stage('loadState', t);
  const dueSet = new Set(checkpoint);
  const whole = quiet ?? dueSet;
  const judged = new Map<string, Judged>();
  const judge = (deviceId: string, base: Base, forceWrite: boolean) => {
    const outcome = judgeDevice(deviceId, base, byDevice.get(deviceId) ?? [], ctx, now);
    if (!outcome) return;
    const entry = base.fromStore ? undefined : hot.get(deviceId);
    // A quiet device's checkpoint writes the open trip as it stands, whenever it was last written (R4).
    const trips = forceWrite && whole.has(deviceId) ? withOpenTrip(outcome) : tripWritesDue(outcome, entry);
    judged.set(deviceId, { outcome, expected: base.xid, trips, write: forceWrite || base.fromStore || mustWriteNow(outcome, trips) });
  };
  for (const deviceId of deviceIds) {
    const entry = hot.get(deviceId);
    const base = entry ? { state: entry.state, xid: entry.xid, replay: [], fromStore: false } : bases.get(deviceId);
    if (base) judge(deviceId, base, dueSet.has(deviceId) || whole.has(deviceId));
  }
  t = metrics.stage('tripsAndRules', t);

  let pending = [...judged].filter(([, j]) => j.write).map(([id]) => id);
  let xid: string | null = null;
  for (let round = 0; pending.length > 0; round++) {
    if (round === maxRaces) throw new Error(`device_state of ${pending.length} devices kept changing under this batch; retry`);
    if (round > 0) {
      // Another instance (or the offline sweep) wrote these devices since we last saw them:
      // judge them again from the stored state (now locked so it cannot move) and the fixes
      // stored after it.
      hot.forget(pending);
      const current = await readBases(db, tenantId, pending, batchKeys);
      for (const deviceId of pending) {
        judged.delete(deviceId);
        const base = current.get(deviceId);
        if (base) judge(deviceId, base, true);
      }
    }
    const writes = pending.flatMap((id) => {
      const j = judged.get(id);
      return j ? [{ state: j.outcome.state, expected: j.expected }] : [];
    });
    const result = await writeStates(db, writes);
    xid = result.xid ?? xid;
    pending = writes.map((w) => w.state.deviceId).filter((id) => !result.written.has(id));
  }
  const written = [...judged.values()].filter((j) => j.write);
  const notWritten = [...judged.values()].filter((j) => !j.write);
  t = metrics.stage('saveState', t);

  // The list's columns: with new fixes at most every 30 s per device; when quiet always (R3).
  const listWrittenAt = new Map<string, number>();
  const listed = [...judged].filter(([id]) => byDevice.has(id) || whole.has(id)).map(([, j]) => j.outcome.state);
  for (const state of listed) {
    const last = hot.get(state.deviceId)?.listWrittenAt;
    if (whole.has(state.deviceId) || last === undefined || last === null || now - last >= deviceListWriteEveryMs) listWrittenAt.set(state.deviceId, now);
  }
  await updateDeviceList(db, listed.filter((s) => listWrittenAt.has(s.deviceId)));
  t = metrics.stage('deviceList', t);

  const tripWrittenAt = await writeTrips(db, written);
  t = metrics.stage('trips', t);

  const outcomes = [...judged.values()].map((j) => j.outcome);
  await flagSuspectPositions(db, outcomes.flatMap((o) => o.suspect));
  const backOnline = outcomes.filter((o) => o.backOnline).map((o) => o.state.deviceId);
  const resolved = await resolveOffline(db, backOnline);
  // Every written device's signals together: a few statements per batch, not a few per signal.
  const signalled = written.flatMap(({ outcome: o }) => (o.signals.length === 0 ? [] : [{ deviceId: o.state.deviceId, groupId: ctx.groupOf(o.state.deviceId), signals: o.signals }]));
  // The written alerts come back from the writes themselves; new ones' deliveries are written here (decision 0490).
  const { opened, rows: alertRows } = await applySignals(db, signalled, ctx.settings);
  const notified = await deliverOpenedAlerts(db, tenantId, opened.flatMap((id) => alertRows.get(id) ?? []), ctx.settings, ctx.deliveries);
  const events: EventBody[] = [];
  const live = outcomes.flatMap((o) => o.live);
  if (live.length > 0) events.push({ type: 'positions', positions: live });
  if (backOnline.length > 0) {
    const at = new Date(now).toISOString();
    events.push({ type: 'deviceStatus', changes: backOnline.map((deviceId) => ({ deviceId, status: 'online', at })) });
  }
  const changedAlerts = new Map([...resolved.map((a) => [a.id, a] as const), ...alertRows]);
  for (const alert of [...changedAlerts.values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt))) events.push({ type: 'alert', alert });
  t = metrics.stage('alerts', t);
  // Geofence visits (decision 0355): a device's crossings are written with the state they came
  // from; late data rebuilds its visits from the late fix on instead (that covers the crossings).
  await writeCrossings(db, written.flatMap(({ outcome: o }) => (o.lateFrom === null && o.crossings.length > 0 ? [{ deviceId: o.state.deviceId, crossings: o.crossings }] : [])));
  const lateVisits = written.flatMap(({ outcome: o }) => (o.lateFrom === null ? [] : [{ deviceId: o.state.deviceId, groupId: ctx.groupOf(o.state.deviceId), from: o.lateFrom }]));
  // A tenant without geofences has no visits to rebuild (a deleted geofence's visits went with it).
  if (lateVisits.length > 0 && ctx.geofences.length > 0) await rebuildVisits(db, lateVisits, ctx.geofences);
  t = metrics.stage('visits', t);
  const appended = await appendEvents(db, tenantId, events);
  metrics.stage('stream', t);
  const committedXid = xid;
  return {
    stored,
    duplicates: reports.length - stored,
    freshKeys,
    conflictKeys,
    events: appended,
    afterCommit: () => {
      rememberTags();
      notified.afterCommit();
      hot.commit(tenantId, written.map((j) => j.outcome.state), committedXid, notWritten.map((j) => j.outcome.state), { openTripWrittenT: tripWrittenAt, listWrittenAt }, now);
    },
  };
}

/**
 * Whether no fix of the batch can be in positions yet, as far as this process knows: each is
 * newer than the newest fix it stored for its device (hot state, updated only after commit; a
 * lane's flushes run one after another), and none repeats one before it in the batch. Another
 * instance may still have stored one (a device retrying elsewhere): the insert then fails with
 * PositionsNotNewError and the batch is applied again with the checking insert. A device not in
 * memory (first report since start, forgotten after a race) takes the checking insert.
 */
export function surelyNew(reports: readonly Pick<ResolvedReport, 'deviceId' | 'fixTime'>[], hot: Pick<HotStateCache, 'get'>): boolean {
  const newest = new Map<string, number>();
  for (const r of reports) {
    let after = newest.get(r.deviceId);
    if (after === undefined) {
      const entry = hot.get(r.deviceId);
      if (!entry) return false;
      after = entry.state.fixTime;
    }
    if (!(r.fixTime > after)) return false;
    newest.set(r.deviceId, r.fixTime);
  }
  return true;
}

/** Every trip write of the outcome, plus the state's open trip when the outcome has none for it. */
function withOpenTrip(outcome: DeviceOutcome): TripWrite[] {
  const trip = outcome.state.tripState?.trip;
  if (!trip || outcome.tripWrites.some((w) => w.trip.id === trip.id) || outcome.tripDrops.includes(trip.id)) return outcome.tripWrites;
  return [...outcome.tripWrites, { deviceId: outcome.state.deviceId, trip, status: 'open' }];
}

/** Stored states (locked) of devices with no current copy in memory, and the fixes stored after them. */
async function readBases(db: DbSession, tenantId: string, deviceIds: readonly string[], batchKeys: () => ReadonlySet<string>): Promise<Map<string, Base>> {
  const locked = await lockStates(db, deviceIds);
  const after = new Map<string, number>();
  for (const [id, v] of locked) after.set(id, v.state.fixTime);
  const replay = after.size === 0 ? new Map<string, StoredFix[]>() : await storedFixesAfter(db, tenantId, after, batchKeys());
  const bases = new Map<string, Base>();
  for (const id of deviceIds) {
    const v = locked.get(id);
    bases.set(id, { state: v?.state, xid: v?.xid ?? null, replay: replay.get(id) ?? [], fromStore: true });
  }
  return bases;
}

/**
 * Closed trips, drops and due open trips of the written devices, then the late-data
 * recomputes, whose resulting trip state replaces the one written with the batch. Returns the
 * device time each open trip row was written at, for the hot state.
 */
async function writeTrips(db: DbSession, written: readonly Judged[]): Promise<Map<string, number>> {
  const writtenAt = new Map<string, number>();
  const writes = written.flatMap((j) => j.trips);
  for (const w of writes) if (w.status === 'open') writtenAt.set(w.deviceId, w.trip.endT);
  // Dropped (too short) open trips go first: a device's new open trip may replace one in this batch.
  await removeTrips(db, written.flatMap((j) => j.outcome.tripDrops));
  await saveTrips(db, writes);
  const lateData = written.flatMap(({ outcome: o }) => (o.lateFrom === null ? [] : [{ deviceId: o.state.deviceId, lateFrom: o.lateFrom }]));
  const recomputed = await recomputeTrips(db, lateData, randomUUID);
  const late: DeviceState[] = [];
  for (const { outcome: o } of written) {
    const result = recomputed.get(o.state.deviceId);
    if (!result) continue;
    o.state.tripState = result.state;
    late.push(o.state);
    if (result.state.trip) writtenAt.set(o.state.deviceId, result.state.trip.endT);
  }
  if (late.length > 0) {
    await db.query('UPDATE device_state SET trip_state = x.s::jsonb FROM unnest($1::uuid[], $2::text[]) AS x(id, s) WHERE device_id = x.id', [
      binaryArray('uuid', late.map((s) => s.deviceId)),
      binaryTextArray(late.map((s) => JSON.stringify(s.tripState))),
    ]);
  }
  return writtenAt;
}
