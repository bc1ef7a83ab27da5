import { fencesOfGroup, type RuleGeofence, type VisitCrossing } from '../alerts/rules.ts';
import { binaryArray } from '../db/binary-arrays.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { visitRuns, visitWrites, type VisitRun } from './visit-runs.ts';

/**
 * Geofence visits (migration 139, docs/decisions/0355-geofence-visits-kept-on-ingest.md), written in
 * the caller's tenant transaction: ingest's crossings, and rebuilds from stored positions (late data,
 * the backfill).
 */

/**
 * A batch's crossings in one statement (a round trip counts on the hot path): the UPDATE closing
 * the visits opened before the batch runs first (the INSERT waits for its count), so a visit
 * opened again in the same batch does not meet the one it replaces in the open-visit index. A
 * batch without crossings sends nothing; a geofence deleted since the rules' cache read it gets no
 * visit (its visits went with it); a visit that exists already (a replayed crossing) is kept.
 */
export async function writeCrossings(db: DbSession, batch: readonly { deviceId: string; crossings: readonly VisitCrossing[] }[]): Promise<void> {
  const { closes, opens } = visitWrites(batch.filter((b) => b.crossings.length > 0));
  if (closes.length === 0 && opens.length === 0) return;
  // Named: prepared once per connection (planning it each time cost as much as running it).
  await db.query({
    name: 'monitoring_write_crossings',
    text: `WITH closed AS (
       UPDATE geofence_visits v SET left_at = x.at
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS x(device_id, geofence_id, at)
        WHERE v.device_id = x.device_id AND v.geofence_id = x.geofence_id AND v.left_at IS NULL AND v.entered_at <= x.at
       RETURNING 1)
     ${insertOpens('$4', '$5', '$6', '$7')} AND (SELECT count(*) FROM closed) >= 0
     ON CONFLICT DO NOTHING`,
    values: [
      binaryArray('uuid', closes.map((c) => c.deviceId)), binaryArray('uuid', closes.map((c) => c.geofenceId)), binaryArray('timestamptz', closes.map((c) => c.at)),
      ...openArrays(opens),
    ],
  });
}

const insertOpens = (devices: string, fences: string, entered: string, left: string) => `INSERT INTO geofence_visits (tenant_id, device_id, geofence_id, entered_at, left_at)
     SELECT app_current_tenant(), x.device_id, x.geofence_id, x.entered_at, x.left_at
       FROM unnest(${devices}::uuid[], ${fences}::uuid[], ${entered}::timestamptz[], ${left}::timestamptz[]) AS x(device_id, geofence_id, entered_at, left_at)
      WHERE EXISTS (SELECT 1 FROM geofences g WHERE g.id = x.geofence_id)`;

const openArrays = (visits: readonly ({ deviceId: string } & VisitRun)[]) => [
  binaryArray('uuid', visits.map((v) => v.deviceId)), binaryArray('uuid', visits.map((v) => v.geofenceId)),
  binaryArray('timestamptz', visits.map((v) => v.enteredAt)), binaryArray('timestamptz', visits.map((v) => v.leftAt)),
];

/** New visits; one that exists already (same vehicle, geofence and entry, or still open) is kept as it is. */
async function insertVisits(db: DbSession, visits: readonly ({ deviceId: string } & VisitRun)[]): Promise<void> {
  if (visits.length === 0) return;
  await db.query(`${insertOpens('$1', '$2', '$3', '$4')} ON CONFLICT DO NOTHING`, openArrays(visits));
}

/** One vehicle whose visits are rebuilt from its stored positions from `from` (epoch ms) on; null: all of them. */
export interface VisitRebuild {
  deviceId: string;
  groupId: string | null;
  from: number | null;
}

/**
 * Rebuilds vehicles' visits from their stored positions (suspect fixes left out, as the rules
 * leave them out) with the geofences as they are now. From `from` on: the fix before it tells which
 * visits were open; those keep their entry and get the exit the fixes now give, every later visit
 * is made again. Late data rebuilds from its oldest fix; the backfill rebuilds everything.
 */
export async function rebuildVisits(db: DbSession, rebuilds: readonly VisitRebuild[], geofences: readonly RuleGeofence[]): Promise<void> {
  for (const r of rebuilds) {
    const fromMs = r.from ?? 0;
    const fixes = await db.query<{ t: number; lat: number; lon: number }>(
      `(SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS t, latitude AS lat, longitude AS lon FROM positions
         WHERE device_id = $1 AND fix_time < to_timestamp($2 / 1000.0) AND attributes->>'suspect' IS NULL ORDER BY fix_time DESC LIMIT 1)
       UNION ALL
       (SELECT round(extract(epoch FROM fix_time) * 1000)::float8, latitude, longitude FROM positions
         WHERE device_id = $1 AND fix_time >= to_timestamp($2 / 1000.0) AND attributes->>'suspect' IS NULL)
       ORDER BY 1`,
      [r.deviceId, fromMs],
    );
    const first = fixes.rows[0];
    // The last fix before the rebuild: visits that began up to it stand; null = none stands.
    const cut = first && first.t < fromMs ? first.t : null;
    const runs = visitRuns(fixes.rows, fencesOfGroup(geofences, r.groupId));
    const standing = cut === null ? { rows: [] } : await db.query<{ id: string; geofence_id: string }>(
      `SELECT id, geofence_id FROM geofence_visits WHERE device_id = $1 AND entered_at <= to_timestamp($2 / 1000.0)
          AND (left_at IS NULL OR left_at > to_timestamp($2 / 1000.0))`,
      [r.deviceId, cut],
    );
    await db.query('DELETE FROM geofence_visits WHERE device_id = $1 AND entered_at > to_timestamp($2 / 1000.0)', [r.deviceId, cut ?? fromMs - 1]);
    const fresh = runs.filter((run) => cut === null || run.enteredAt > cut);
    for (const visit of standing.rows) {
      // Open at the fix before: it ends where the run through that fix ends now; a geofence that
      // no longer holds that fix (edited since) ends it there.
      const through = runs.find((run) => run.geofenceId === visit.geofence_id && run.enteredAt === cut);
      const leftAt = through ? through.leftAt : cut;
      await db.query('UPDATE geofence_visits SET left_at = $2 WHERE id = $1', [visit.id, leftAt === null ? null : new Date(leftAt)]);
    }
    // A run through the fix before with no visit standing for it (a geofence drawn around it since) begins there.
    const covered = new Set(standing.rows.map((v) => v.geofence_id));
    const missing = runs.filter((run) => cut !== null && run.enteredAt === cut && !covered.has(run.geofenceId));
    await insertVisits(db, [...fresh, ...missing].map((run) => ({ deviceId: r.deviceId, ...run })));
  }
}
