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

/** What insertPositions did with a batch, by "deviceId|fixTime" key. */
export interface InsertedPositions {
  /** Keys stored in positions for the first time. */
  fresh: Set<string>;
  /**
   * Keys of fixes that met a stored fix with the same time but other content, and were kept in
   * position_conflicts (how many per key). Neither new positions nor retries (decision 0113).
   */
  conflicts: Map<string, number>;
}

/**
 * Inserts positions with one multi-row statement (arrays + unnest, a prepared statement).
 * A resent record hits the primary key and is skipped (a duplicate); a record whose time is
 * taken by a fix with other content is kept in position_conflicts instead (issue 15 R5).
 */
export async function insertPositions(db: DbSession, reports: readonly ResolvedReport[]): Promise<InsertedPositions> {
  const cols = {
    device: [] as string[], t: [] as number[], lat: [] as number[], lon: [] as number[], speed: [] as number[], course: [] as number[],
    alt: [] as (number | null)[], acc: [] as (number | null)[], valid: [] as boolean[], ign: [] as (boolean | null)[], attrs: [] as (string | null)[],
  };
  for (const r of reports) {
    cols.device.push(r.deviceId);
    cols.t.push(r.fixTime);
    cols.lat.push(r.latitude);
    cols.lon.push(r.longitude);
    cols.speed.push(r.speedKmh);
    cols.course.push(r.course);
    cols.alt.push(r.altitudeM);
    cols.acc.push(r.accuracyM);
    cols.valid.push(r.valid);
    cols.ign.push(r.ignition);
    cols.attrs.push(attributesOf(r));
  }
  const result = await db.query<{ device_id: string; t: number }>({
    name: 'monitoring_insert_positions',
    text: `INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
           SELECT app_current_tenant(), d, to_timestamp(t / 1000.0), lat, lon, s, c, a, acc, v, i, attr::jsonb
             FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[], $11::text[])
                  AS x(d, t, lat, lon, s, c, a, acc, v, i, attr)
           ON CONFLICT DO NOTHING
           RETURNING device_id, round(extract(epoch FROM fix_time) * 1000)::float8 AS t`,
    values: [cols.device, cols.t, cols.lat, cols.lon, cols.speed, cols.course, cols.alt, cols.acc, cols.valid, cols.ign, cols.attrs],
  });
  const fresh = new Set(result.rows.map((row) => `${row.device_id}|${row.t}`));
  const conflicts = new Map<string, number>();
  // Only when something was not new (a retry, or a conflict): the usual batch skips this.
  if (result.rows.length < reports.length) {
    const kept = await db.query<{ device_id: string; t: number }>({
      name: 'monitoring_insert_position_conflicts',
      text: `INSERT INTO position_conflicts (tenant_id, device_id, fix_time, digest, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
             SELECT app_current_tenant(), x.d, p.fix_time, md5(row(x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb)::text),
                    x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb
               FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[], $11::text[])
                    AS x(d, t, lat, lon, s, c, a, acc, v, i, attr)
               JOIN positions p ON p.tenant_id = app_current_tenant() AND p.device_id = x.d AND p.fix_time = to_timestamp(x.t / 1000.0)
              WHERE (p.latitude, p.longitude, p.speed_kmh, p.course, p.altitude_m, p.accuracy_m, p.valid, p.ignition, p.attributes)
                    IS DISTINCT FROM (x.lat, x.lon, x.s, x.c, x.a, x.acc, x.v, x.i, x.attr::jsonb)
             ON CONFLICT DO NOTHING
             RETURNING device_id, round(extract(epoch FROM fix_time) * 1000)::float8 AS t`,
      values: [cols.device, cols.t, cols.lat, cols.lon, cols.speed, cols.course, cols.alt, cols.acc, cols.valid, cols.ign, cols.attrs],
    });
    for (const row of kept.rows) {
      const key = `${row.device_id}|${row.t}`;
      conflicts.set(key, (conflicts.get(key) ?? 0) + 1);
    }
  }
  return { fresh, conflicts };
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
