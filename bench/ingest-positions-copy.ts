/**
 * The positions insert through COPY, for bench/ingest-positions-write.ts only (decision 0410):
 * PostgreSQL refuses COPY into positions (row-level security applies to the app role), so the
 * batch is COPYed in binary into a temporary staging table and inserted from there with the
 * same conflict handling and day marks as insertPositions. Measured: more PostgreSQL CPU per row
 * than the binary arrays + unnest it would replace, so ingest does not use it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { LocalDays } from '../contract/time/local-day.ts';
import { pgEpochMs, writeInt64, writeUuid } from '../server/db/binary-arrays.ts';
import type { DbSession } from '../server/db/fleet-db.ts';
import { attributesOf, type InsertedPositions } from '../server/ingest/position-writer.ts';
import type { ResolvedReport } from '../server/ingest/report.ts';

const dayMs = 86_400_000;
const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Connections (sessions) that have the staging table. */
const staged = new WeakSet<object>();


/** The batch in COPY's binary format, one tuple per report (columns as the staging table). */
export function copyBuffer(reports: readonly ResolvedReport[], timeZone: string): Buffer {
  const days = new LocalDays(timeZone);
  const attrs = reports.map(attributesOf);
  let bytes = signature.length + 8 + 2;
  const attrBytes = attrs.map((a) => (a === null ? -1 : Buffer.byteLength(a, 'utf8')));
  // Per tuple: field count, 12 length words, uuid 16, timestamptz 8, 2 × float8, 4 × float4, 2 bools, date 4.
  for (const n of attrBytes) bytes += 2 + 12 * 4 + 16 + 8 + 16 + 16 + 2 + 4 + Math.max(0, n);
  const b = Buffer.allocUnsafe(bytes);
  signature.copy(b, 0);
  let o = signature.length;
  b.writeInt32BE(0, o);
  b.writeInt32BE(0, o + 4);
  o += 8;
  let lastDay = '';
  let lastDays = 0;
  const f4 = (v: number | null) => {
    if (v === null) {
      b.writeInt32BE(-1, o);
      o += 4;
    } else {
      b.writeInt32BE(4, o);
      b.writeFloatBE(v, o + 4);
      o += 8;
    }
  };
  const bool = (v: boolean | null) => {
    if (v === null) {
      b.writeInt32BE(-1, o);
      o += 4;
    } else {
      b.writeInt32BE(1, o);
      b[o + 4] = v ? 1 : 0;
      o += 5;
    }
  };
  reports.forEach((r, i) => {
    b.writeInt16BE(12, o);
    o += 2;
    b.writeInt32BE(16, o);
    o += 4;
    writeUuid(b, r.deviceId, o);
    o += 16;
    b.writeInt32BE(8, o);
    writeInt64(b, Math.round((r.fixTime - pgEpochMs) * 1000), o + 4);
    o += 12;
    b.writeInt32BE(8, o);
    b.writeDoubleBE(r.latitude, o + 4);
    b.writeInt32BE(8, o + 12);
    b.writeDoubleBE(r.longitude, o + 16);
    o += 24;
    f4(r.speedKmh);
    f4(r.course);
    f4(r.altitudeM);
    f4(r.accuracyM);
    bool(r.valid);
    bool(r.ignition);
    const n = attrBytes[i] ?? -1;
    b.writeInt32BE(n, o);
    o += 4;
    if (n > 0) o += b.write(attrs[i] as string, o, n, 'utf8');
    const day = days.dayOf(r.fixTime);
    if (day !== lastDay) {
      lastDay = day;
      lastDays = Math.round((Date.parse(`${day}T00:00:00Z`) - pgEpochMs) / dayMs);
    }
    b.writeInt32BE(4, o);
    b.writeInt32BE(lastDays, o + 4);
    o += 8;
  });
  b.writeInt16BE(-1, o);
  o += 2;
  return b.subarray(0, o);
}

/** insertPositions through COPY into a per-connection staging table, then one INSERT … SELECT. */
export async function copyPositions(db: DbSession, reports: readonly ResolvedReport[], timeZone: string): Promise<InsertedPositions> {
  if (!staged.has(db)) {
    await db.query(`CREATE TEMP TABLE IF NOT EXISTS ingest_positions_stage (d uuid, t timestamptz, lat float8, lon float8, s float4, c float4, a float4, acc float4,
                      v bool, i bool, attr text, day date) ON COMMIT DELETE ROWS`);
    staged.add(db);
  }
  const data = copyBuffer(reports, timeZone);
  await pipeline(Readable.from([data]), db.query(copyFrom('COPY ingest_positions_stage FROM STDIN (FORMAT binary)')));
  const n = reports.length;
  const result = await db.query<{ n: number; keys: string[] | null }>({
    name: 'monitoring_insert_positions_staged',
    text: `WITH stored AS (
             INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition, attributes)
             SELECT (SELECT app_current_tenant()), d, t, lat, lon, s, c, a, acc, v, i, attr::jsonb FROM ingest_positions_stage
             ON CONFLICT DO NOTHING
             RETURNING device_id, fix_time
           ), marked AS (
             INSERT INTO insights_dirty_days AS m (tenant_id, device_id, day, first_fix)
             SELECT (SELECT app_current_tenant()), x.d, x.day, min(x.t) FROM ingest_positions_stage x JOIN stored ON stored.device_id = x.d AND stored.fix_time = x.t GROUP BY x.d, x.day
             ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET first_fix = excluded.first_fix
               WHERE m.first_fix IS NOT NULL AND excluded.first_fix < m.first_fix
           )
           SELECT c.n, CASE WHEN c.n < $1 THEN (SELECT array_agg(device_id::text || '|' || round(date_part('epoch', fix_time) * 1000)::bigint::text) FROM stored) END AS keys
             FROM (SELECT count(*)::int AS n FROM stored) AS c`,
    values: [n],
  });
  const row = result.rows[0];
  const storedCount = row?.n ?? 0;
  return { fresh: storedCount === n ? null : new Set(row?.keys ?? []), conflicts: new Map() };
}
