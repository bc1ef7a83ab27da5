import type { FleetDb } from '../db/fleet-db.ts';
import { startTenantBackfill, type Backfill } from '../db/tenant-backfill.ts';
import { loadGeofences } from './geofence-cache.ts';
import { rebuildVisits } from './visit-store.ts';

/** Vehicles rebuilt per transaction: each reads all of its kept positions. */
const perRound = 10;

/**
 * Builds the visits of the vehicles that existed before visits were kept (migration 139 marked
 * them), from their stored positions, a few per transaction, until no mark is left. Runs after
 * start beside ingest: each round takes its marks with SKIP LOCKED and gives the vehicles' state a
 * new version (`changed_xid`), so an ingest batch that judged one of them from memory in the
 * meantime starts over from the stored row when it writes a crossing, and both agree on the
 * visits (decision 0355). Its `done` counts the vehicles rebuilt.
 */
export function startVisitBackfill(db: FleetDb): Backfill {
  return startTenantBackfill(db, (tenantId) => backfillRound(db, tenantId));
}

/** One transaction of one tenant's backfill: up to `perRound` vehicles rebuilt and unmarked. */
export async function backfillRound(db: FleetDb, tenantId: string): Promise<number> {
  return db.withTenant(tenantId, async (session) => {
    const marks = await session.query<{ device_id: string; group_id: string | null }>(
      `SELECT b.device_id, d.group_id FROM geofence_visit_backfill b LEFT JOIN devices d ON d.id = b.device_id
        ORDER BY b.device_id LIMIT $1 FOR UPDATE OF b SKIP LOCKED`,
      [perRound],
    );
    if (marks.rows.length === 0) return 0;
    const ids = marks.rows.map((m) => m.device_id);
    await session.query('UPDATE device_state SET changed_xid = pg_current_xact_id() WHERE device_id = ANY ($1::uuid[])', [ids]);
    await rebuildVisits(session, marks.rows.map((m) => ({ deviceId: m.device_id, groupId: m.group_id, from: null })), await loadGeofences(session));
    await session.query('DELETE FROM geofence_visit_backfill WHERE device_id = ANY ($1::uuid[])', [ids]);
    return marks.rows.length;
  });
}
