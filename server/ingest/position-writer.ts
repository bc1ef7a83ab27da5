import { LocalDays } from '../../contract/time/local-day.ts';
import { binaryArray, binaryTextArray } from '../db/binary-arrays.ts';
import type { DbSession, FleetDb } from '../db/fleet-db.ts';
import { impossibleJump, suspectAttribute } from './jump-guard.ts';
import type { Report, ResolvedReport } from './report.ts';

const dayMs = 86_400_000;
/**
 * Days whose partition exists, per database: a process may serve more than one (tests, benches,
 * a database recreated under a running process), and one database's partitions say nothing
 * about another's.
 */
const knownDays = new WeakMap<FleetDb, Set<number>>();

/**
 * Makes sure a day partition exists for every day in `reports` (and today/tomorrow), through
 * the owner's SECURITY DEFINER function. Runs outside the ingest transaction: creating a
 * partition takes a lock on the parent we do not want to hold while inserting.
 */
export async function ensurePartitions(db: FleetDb, fixTimes: Iterable<number>, now = Date.now()): Promise<void> {
  const days = new Set<number>([Math.floor(now / dayMs), Math.floor(now / dayMs) + 1]);
  for (const t of fixTimes) days.add(Math.floor(t / dayMs));
  let known = knownDays.get(db);
  if (!known) knownDays.set(db, (known = new Set()));
  for (const day of days) {
    if (known.has(day)) continue;
    await db.query('SELECT monitoring_ensure_positions_partition($1::date)', [new Date(day * dayMs).toISOString().slice(0, 10)]);
    known.add(day);
  }
}

/** Forget the cached partitions of `db` (retention dropped some). */
export function forgetPartitions(db: FleetDb): void {
  knownDays.delete(db);
}

/** What insertPositions did with a batch, by "deviceId|fixTime" key (`positionKey`). */
export interface InsertedPositions {
  /**
   * Keys stored in positions for the first time; null when every report of the batch was (the
   * usual batch: then no key is built per fix).
   */
  fresh: Set<string> | null;
  /**
   * Keys of fixes that met a stored fix with the same time but other content, and were kept in
   * position_conflicts (how many per key). Neither new positions nor retries (decision 0113).
   */
  conflicts: Map<string, number>;
}

/**
 * The insert for a batch known to hold only new fixes (`surelyNew`, decision 0410): no
 * `ON CONFLICT` (its speculative insertion was about a quarter of the statement's PostgreSQL CPU), so a fix that was
 * there after all raises a unique violation and aborts the transaction; and since every row is
 * stored, the day marks come from the input without joining back the returned keys.
 */
export const newPositionsSql = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[], $11::text[], $12::date[])
               AS x(d, t, lat, lon, s, c, a, acc, v, i, attr, day)
  ), stored AS (
    INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
    SELECT (SELECT app_current_tenant()), d, t, lat, lon, s, c, a, acc, v, i, attr::jsonb FROM x
  )
  INSERT INTO insights_dirty_days AS m (tenant_id, device_id, day, first_fix)
  SELECT (SELECT app_current_tenant()), x.d, x.day, min(x.t) FROM x GROUP BY x.d, x.day
  ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET first_fix = excluded.first_fix
    WHERE m.first_fix IS NOT NULL AND excluded.first_fix < m.first_fix`;

/**
 * A batch passed as surely new met a stored fix: its transaction is aborted, and the batch must
 * be applied again without `surelyNew` (which sorts duplicates and conflicts out).
 */
export class PositionsNotNewError extends Error {
  constructor(cause: unknown) {
    super('a fix taken as new was already stored; apply the batch again with the checking insert', { cause });
    this.name = 'PositionsNotNewError';
  }
}

/**
 * Inserts positions with one multi-row statement (arrays + unnest, a prepared statement), and in
 * the same statement marks the (vehicle, local day) of every fix it stored for the insights job,
 * with the oldest of those fixes (decision 0150: the mark is locked until this transaction
 * commits, even when an existing mark is left as it is; decision 0290: the job folds the day on
 * when nothing older than what it folded arrived). A resent record hits the
 * primary key and is skipped (a duplicate); a record whose time is taken by a fix with other
 * content is kept in position_conflicts instead (issue 15 R5).
 *
 * The columns travel as binary arrays (server/db/binary-arrays.ts): no per-element escaping in
 * Node, no per-element parsing in PostgreSQL (decision 0280).
 *
 * `surelyNew`: the caller knows no fix of the batch can be stored yet (each is newer than what
 * this process stored for its device, none repeated): the cheaper insert above, which throws
 * PositionsNotNewError when that was wrong (decision 0410).
 */
export async function insertPositions(db: DbSession, reports: readonly ResolvedReport[], timeZone: string, surelyNew = false): Promise<InsertedPositions> {
  const n = reports.length;
  const device = new Array<string>(n);
  const t = new Array<number>(n);
  const lat = new Array<number>(n);
  const lon = new Array<number>(n);
  const speed = new Array<number>(n);
  const course = new Array<number>(n);
  const alt = new Array<number | null>(n);
  const acc = new Array<number | null>(n);
  const valid = new Array<boolean>(n);
  const ign = new Array<boolean | null>(n);
  const attrs = new Array<string | null>(n);
  const day = new Array<string>(n);
  const days = new LocalDays(timeZone);
  reports.forEach((r, i) => {
    device[i] = r.deviceId;
    t[i] = r.fixTime;
    lat[i] = r.latitude;
    lon[i] = r.longitude;
    speed[i] = r.speedKmh;
    course[i] = r.course;
    alt[i] = r.altitudeM;
    acc[i] = r.accuracyM;
    valid[i] = r.valid;
    ign[i] = r.ignition;
    attrs[i] = attributesOf(r);
    day[i] = days.dayOf(r.fixTime);
  });
  const columns = [
    binaryArray('uuid', device), binaryArray('timestamptz', t), binaryArray('float8', lat), binaryArray('float8', lon), binaryArray('float4', speed),
    binaryArray('float4', course), binaryArray('float4', alt), binaryArray('float4', acc), binaryArray('bool', valid), binaryArray('bool', ign), binaryTextArray(attrs),
  ];
  if (surelyNew) {
    try {
      await db.query({ name: 'monitoring_insert_new_positions', text: newPositionsSql, values: [...columns, binaryArray('date', day)] });
    } catch (error) {
      // 23505: a fix was there after all (another instance stored it). The transaction is lost;
      // the caller runs the batch again with the checking insert (PositionsNotNewError).
      if ((error as { code?: unknown }).code === '23505') throw new PositionsNotNewError(error);
      throw error;
    }
    return { fresh: null, conflicts: new Map() };
  }
  const result = await db.query<{ n: number; keys: string[] | null }>({
    name: 'monitoring_insert_positions',
    text: `WITH x AS (
             SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[], $11::text[], $12::date[])
                        AS x(d, t, lat, lon, s, c, a, acc, v, i, attr, day)
           ), stored AS (
             INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
             SELECT (SELECT app_current_tenant()), d, t, lat, lon, s, c, a, acc, v, i, attr::jsonb FROM x
             ON CONFLICT DO NOTHING
             RETURNING device_id, fix_time
           ), marked AS (
             INSERT INTO insights_dirty_days AS m (tenant_id, device_id, day, first_fix)
             SELECT (SELECT app_current_tenant()), x.d, x.day, min(x.t) FROM x JOIN stored ON stored.device_id = x.d AND stored.fix_time = x.t GROUP BY x.d, x.day
             ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET first_fix = excluded.first_fix
               WHERE m.first_fix IS NOT NULL AND excluded.first_fix < m.first_fix
           )
           SELECT c.n, CASE WHEN c.n < $13 THEN (SELECT array_agg(device_id::text || '|' || round(date_part('epoch', fix_time) * 1000)::bigint::text) FROM stored) END AS keys
             FROM (SELECT count(*)::int AS n FROM stored) AS c`,
    values: [...columns, binaryArray('date', day), n],
  });
  // One row: how many were stored, and which only when not all of them were.
  const row = result.rows[0];
  const storedCount = row?.n ?? 0;
  const fresh = storedCount === n ? null : new Set(row?.keys ?? []);
  const conflicts = new Map<string, number>();
  // Only when something was not new (a retry, or a conflict): the usual batch skips this.
  if (storedCount < n) {
    const kept = await db.query<{ device_id: string; t: number }>({
      name: 'monitoring_insert_position_conflicts',
      text: `INSERT INTO position_conflicts (tenant_id, device_id, fix_time, digest, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
             SELECT app_current_tenant(), x.d, p.fix_time, md5(row(x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb)::text),
                    x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb
               FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[], $11::text[])
                    AS x(d, t, lat, lon, s, c, a, acc, v, i, attr)
               JOIN positions p ON p.tenant_id = app_current_tenant() AND p.device_id = x.d AND p.fix_time = x.t
              WHERE (p.latitude, p.longitude, p.speed_kmh, p.course, p.altitude_m, p.accuracy_m, p.valid, p.ignition, p.attributes)
                    IS DISTINCT FROM (x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb)
             ON CONFLICT DO NOTHING
             RETURNING device_id, round(date_part('epoch', fix_time) * 1000) AS t`,
      values: columns,
    });
    for (const row of kept.rows) {
      const key = positionKey(row.device_id, row.t);
      conflicts.set(key, (conflicts.get(key) ?? 0) + 1);
    }
  }
  return { fresh, conflicts };
}

/** A fix's key in InsertedPositions: "deviceId|fixTime" (epoch ms, an integer). */
export function positionKey(deviceId: string, fixTime: number): string {
  return `${deviceId}|${fixTime}`;
}

/**
 * Marks stored positions as implying an impossible jump (ingest/jump-guard.ts): they stay in
 * the history, flagged, and trip recomputes skip them. Rare, so one statement when it happens.
 */
export async function flagSuspectPositions(db: DbSession, fixes: readonly Pick<ResolvedReport, 'deviceId' | 'fixTime'>[]): Promise<void> {
  if (fixes.length === 0) return;
  await db.query(
    `UPDATE positions p SET attributes = coalesce(p.attributes, '{}'::jsonb) || jsonb_build_object($3::text, $4::text)
       FROM unnest($1::uuid[], $2::float8[]) AS x(d, t)
      WHERE p.device_id = x.d AND p.fix_time = to_timestamp(x.t / 1000.0)`,
    [fixes.map((f) => f.deviceId), fixes.map((f) => f.fixTime), suspectAttribute, impossibleJump],
  );
}

/** The readings we store in columns elsewhere are kept on the fix too, for history. */
export function attributesOf(r: Report): string | null {
  const extra: Record<string, unknown> = { ...r.attributes };
  if (r.batteryVoltage !== null) extra.batteryVoltage = r.batteryVoltage;
  if (r.batteryLevel !== null) extra.batteryLevel = r.batteryLevel;
  if (r.charging !== null) extra.charging = r.charging;
  if (r.rpm !== null) extra.rpm = r.rpm;
  if (r.coolantTempC !== null) extra.coolantTempC = r.coolantTempC;
  if (r.fuelLevel !== null) extra.fuelLevelPercent = r.fuelLevel;
  if (r.odometerKm !== null) extra.odometerKm = r.odometerKm;
  if (r.dtc !== null) extra.dtc = r.dtc;
  if (r.driverTag !== null) extra.driverUniqueId = r.driverTag;
  for (const key in extra) return JSON.stringify(extra);
  return null;
}
