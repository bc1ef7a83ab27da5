import { severityAtLeast } from '../../contract/api/alert-rules.ts';
import { alertSeverities } from '../../contract/api/alerts.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { enqueueAlertEvents } from '../notifications/outbox.ts';
import { appendEvents } from '../stream/stream-log.ts';
import { alertsByIds } from './alerts-repository.ts';
import { loadMonitoringSettings } from './monitoring-settings.ts';

/**
 * Escalates open alerts nobody acknowledged in time, per the tenant's escalation rule: marks them
 * escalated (once), assigns them to the person on duty, writes the step into the alert's history
 * (a system note), notifies again through the outbox and tells consoles on the stream. Quiet
 * alerts are not escalated: they were meant to disturb nobody. Safe on several instances: the
 * UPDATE … WHERE escalated_at IS NULL takes each alert once.
 */
export async function escalateAlerts(db: FleetDb, now: () => number = Date.now): Promise<number> {
  const tenants = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
  let total = 0;
  for (const { tenant_id: tenantId } of tenants.rows) {
    total += await db.withTenant(tenantId, async (session) => {
      const rule = (await loadMonitoringSettings(session, tenantId)).rules.escalation;
      if (!rule) return 0;
      const severities = alertSeverities.filter((s) => severityAtLeast(s, rule.severity));
      const at = new Date(now());
      // An assignee who left the tenant is not assigned (the rule's warning says so).
      const escalated = await session.query<{ id: string; minutes: number; assignee_name: string | null }>(
        `WITH due AS (
           SELECT id FROM alerts
            WHERE status = 'open' AND escalated_at IS NULL AND NOT quiet AND severity = ANY ($1::text[])
              AND opened_at <= $2::timestamptz - make_interval(mins => $3)
            FOR UPDATE SKIP LOCKED)
         UPDATE alerts a SET escalated_at = $2,
                assignee_id = CASE WHEN EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = $4) THEN $4 ELSE a.assignee_id END,
                version = a.version + 1, changed_xid = pg_current_xact_id()
           FROM due WHERE a.id = due.id
         RETURNING a.id, $3::int AS minutes, (SELECT display_name FROM auth_user(a.assignee_id)) AS assignee_name`,
        [severities, at, rule.afterMinutes, rule.assigneeId],
      );
      if (escalated.rows.length === 0) return 0;
      for (const row of escalated.rows) {
        const text = `Escalated: not acknowledged within ${row.minutes} min${row.assignee_name ? `; assigned to ${row.assignee_name}` : ''}.`;
        await session.query('INSERT INTO alert_notes (tenant_id, alert_id, author_id, text, created_at) VALUES (app_current_tenant(), $1, NULL, $2, $3)', [row.id, text, at]);
      }
      const ids = escalated.rows.map((r) => r.id);
      await enqueueAlertEvents(session, 'alert.escalated', ids);
      await appendEvents(session, tenantId, (await alertsByIds(session, ids)).map((alert) => ({ type: 'alert', alert })));
      return ids.length;
    });
  }
  return total;
}
