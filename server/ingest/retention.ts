import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { forgetPartitions } from './position-writer.ts';

/** Stream events older than this are gone; a resume from before them gets "resync". */
export const streamEventsKeepMs = 30 * 60_000;

/**
 * Retention per tenant: rows older than the tenant's retentionDays are deleted; whole day
 * partitions older than every tenant's retention are dropped (cheap, no vacuum debt).
 */
export async function applyRetention(db: FleetDb): Promise<{ droppedPartitions: string[]; deletedPositions: Map<string, number> }> {
  const deletedPositions = new Map<string, number>();
  const tenants = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
  let longest = 0;
  for (const { tenant_id: tenantId } of tenants.rows) {
    await db.withTenant(tenantId, async (session) => {
      const { retentionDays } = await loadMonitoringSettings(session, tenantId);
      longest = Math.max(longest, retentionDays);
      const deleted = await session.query('DELETE FROM positions WHERE fix_time < now() - make_interval(days => $1)', [retentionDays]);
      // The operations overview's stored total follows (server/operations).
      if (deleted.rowCount) deletedPositions.set(tenantId, deleted.rowCount);
      await session.query('DELETE FROM position_conflicts WHERE fix_time < now() - make_interval(days => $1)', [retentionDays]);
      await session.query("DELETE FROM trips WHERE status = 'closed' AND end_time < now() - make_interval(days => $1)", [retentionDays]);
      await session.query('DELETE FROM geofence_visits WHERE left_at < now() - make_interval(days => $1)', [retentionDays]);
      await session.query('DELETE FROM stream_events WHERE created_at < now() - make_interval(secs => $1)', [streamEventsKeepMs / 1000]);
    });
  }
  if (longest === 0) return { droppedPartitions: [], deletedPositions };
  const dropped = await db.query<{ name: string }>(
    'SELECT monitoring_drop_positions_before(now() - make_interval(days => $1)) AS name',
    [longest],
  );
  if (dropped.rows.length > 0) forgetPartitions(db);
  return { droppedPartitions: dropped.rows.map((r) => r.name), deletedPositions };
}
