import type { FleetDb } from '../db/fleet-db.ts';
import { enqueueAlertEvents } from '../notifications/outbox.ts';
import { appendEvents, type EventBody } from '../stream/stream-log.ts';
import { alertsByIds } from './alerts-repository.ts';
import { raiseOffline } from './alert-writer.ts';
import { loadMonitoringSettings } from './monitoring-settings.ts';

/**
 * Marks devices offline that have not reported within their tenant's timeout, opens a
 * device_offline alert and streams the status change. Safe on several instances at once:
 * the UPDATE … WHERE online flips each device exactly once.
 */
export async function sweepOfflineDevices(db: FleetDb): Promise<number> {
  const tenants = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
  let total = 0;
  for (const { tenant_id: tenantId } of tenants.rows) {
    total += await db.withTenant(tenantId, async (session) => {
      const settings = await loadMonitoringSettings(session, tenantId);
      const flipped = await session.query<{ device_id: string; group_id: string | null; last_seen_at: Date; latitude: number; longitude: number }>(
        `UPDATE device_state s SET online = false, changed_xid = pg_current_xact_id()
          WHERE online AND last_seen_at < now() - make_interval(secs => $1)
          RETURNING device_id, (SELECT d.group_id FROM devices d WHERE d.id = s.device_id) AS group_id, last_seen_at, latitude, longitude`,
        [settings.offlineTimeoutS],
      );
      if (flipped.rows.length === 0) return 0;
      const alertIds: string[] = [];
      const opened: string[] = [];
      for (const row of flipped.rows) {
        const written = await raiseOffline(session, row.device_id, row.group_id, row.last_seen_at, settings, { lat: row.latitude, lon: row.longitude });
        alertIds.push(...written.changed);
        opened.push(...written.opened);
      }
      await enqueueAlertEvents(session, 'alert.opened', opened);
      const at = new Date().toISOString();
      const events: EventBody[] = [{ type: 'deviceStatus', changes: flipped.rows.map((r) => ({ deviceId: r.device_id, status: 'offline', at })) }];
      for (const alert of await alertsByIds(session, alertIds)) events.push({ type: 'alert', alert });
      await appendEvents(session, tenantId, events);
      return flipped.rows.length;
    });
  }
  return total;
}
