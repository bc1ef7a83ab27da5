import type { DbSession } from '../db/fleet-db.ts';

/** The NOTIFY channel that wakes dispatchers (any instance) when an outbox row commits. */
export const outboxChannel = 'fleet_outbox';

/**
 * Records that these alerts should notify, inside the caller's transaction (the offline sweep,
 * escalation; ingest writes its new alerts' deliveries itself, decision 0490): one INSERT, no network, nothing about webhooks or recipients — the
 * dispatcher works that out later, so delivery never slows the writer down. The NOTIFY is
 * delivered at commit.
 */
export async function enqueueAlertEvents(db: DbSession, event: 'alert.opened' | 'alert.escalated', alertIds: readonly string[]): Promise<void> {
  if (alertIds.length === 0) return;
  await db.query({
    name: 'outbox_enqueue',
    text: `WITH added AS (INSERT INTO notification_outbox (tenant_id, event, alert_id)
             SELECT app_current_tenant(), $1, unnest($2::uuid[]) RETURNING 1)
           SELECT pg_notify($3, '') FROM (SELECT 1 FROM added LIMIT 1) x`,
    values: [event, alertIds, outboxChannel],
  });
}
