import type { AlertSeverity } from '../../../../contract/api/alerts.ts';
import type { Delivery, DeliveryListQuery, DeliveryListResponse, UpdateWebhookRequest, Webhook } from '../../../../contract/api/notifications.ts';
import type { DbSession } from '../../../db/fleet-db.ts';

interface WebhookRow {
  id: string;
  name: string;
  url: string;
  min_severity: AlertSeverity;
  enabled: boolean;
  disabled_reason: 'consecutive-failures' | 'by-admin' | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  last_error: string | null;
  pending: number;
  created_at: Date;
  version: number;
}

const selectWebhooks = `SELECT w.id, w.name, w.url, w.min_severity, w.enabled, w.disabled_reason, w.disabled_at, w.consecutive_failures,
    w.last_error, w.created_at, w.version,
    (SELECT count(*)::int FROM notification_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending
  FROM webhooks w`;

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, name: r.name, url: r.url, minSeverity: r.min_severity, enabled: r.enabled, disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at?.toISOString() ?? null, consecutiveFailures: r.consecutive_failures, lastError: r.last_error,
  pending: r.pending, createdAt: r.created_at.toISOString(), version: r.version,
});

export async function listWebhooks(db: DbSession): Promise<Webhook[]> {
  return (await db.query<WebhookRow>(`${selectWebhooks} ORDER BY w.created_at`)).rows.map(toWebhook);
}

export async function webhookById(db: DbSession, id: string): Promise<Webhook | null> {
  const row = (await db.query<WebhookRow>(`${selectWebhooks} WHERE w.id = $1`, [id])).rows[0];
  return row ? toWebhook(row) : null;
}

export async function webhookSecret(db: DbSession, id: string): Promise<{ url: string; secret: string } | null> {
  return (await db.query<{ url: string; secret: string }>('SELECT url, secret FROM webhooks WHERE id = $1', [id])).rows[0] ?? null;
}

export async function insertWebhook(db: DbSession, input: { id: string; name: string; url: string; minSeverity: AlertSeverity; secret: string }): Promise<void> {
  await db.query('INSERT INTO webhooks (tenant_id, id, name, url, secret, min_severity) VALUES (app_current_tenant(), $1, $2, $3, $4, $5)', [input.id, input.name, input.url, input.secret, input.minSeverity]);
}

/** Applies a change at `expectedVersion`; false when the version moved (or the webhook is gone). */
export async function updateWebhook(db: DbSession, id: string, change: UpdateWebhookRequest, now: Date): Promise<boolean> {
  const result = await db.query(
    `UPDATE webhooks SET name = coalesce($3, name), url = coalesce($4, url), min_severity = coalesce($5, min_severity),
            enabled = coalesce($6, enabled),
            disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason WHEN $6 THEN NULL ELSE 'by-admin' END,
            disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN NULL ELSE $7 END,
            consecutive_failures = CASE WHEN $6::boolean THEN 0 ELSE consecutive_failures END,
            version = version + 1
      WHERE id = $1 AND version = $2`,
    [id, change.expectedVersion, change.name ?? null, change.url ?? null, change.minSeverity ?? null, change.enabled ?? null, now],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteWebhook(db: DbSession, id: string): Promise<boolean> {
  return ((await db.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
}

/** Logs a "send test" attempt as a finished delivery, so it shows in the delivery log. */
export async function logTestDelivery(db: DbSession, d: { id: string; webhookId: string; payload: unknown; ok: boolean; httpStatus: number | null; error: string | null; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO notification_deliveries (tenant_id, id, channel, webhook_id, event, payload, status, attempts, last_attempt_at, last_http_status, last_error, delivered_at, next_attempt_at)
     VALUES (app_current_tenant(), $1, 'webhook', $2, 'webhook.test', $3, $4::text, 1, $5::timestamptz, $6, $7, CASE WHEN $4::text = 'delivered' THEN $5::timestamptz END, $5::timestamptz)`,
    [d.id, d.webhookId, JSON.stringify(d.payload), d.ok ? 'delivered' : 'failed', d.at, d.httpStatus, d.error],
  );
}

interface DeliveryRow {
  id: string; channel: 'webhook' | 'email'; webhook_id: string | null; recipient: string | null; event: string; alert_id: string | null;
  status: Delivery['status']; attempts: number; next_attempt_at: Date; last_attempt_at: Date | null; last_http_status: number | null;
  last_error: string | null; delivered_at: Date | null; created_at: Date;
}

/** The delivery log, newest first, with the backlog per channel. */
export async function listDeliveries(db: DbSession, query: DeliveryListQuery): Promise<DeliveryListResponse> {
  const rows = await db.query<DeliveryRow>(
    `SELECT id, channel, webhook_id, recipient, event, alert_id, status, attempts, next_attempt_at, last_attempt_at, last_http_status, last_error, delivered_at, created_at
       FROM notification_deliveries
      WHERE ($1::uuid IS NULL OR webhook_id = $1) AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, id LIMIT $4`,
    [query.webhookId ?? null, query.channel ?? null, query.status ?? null, query.limit ?? 100],
  );
  const backlog = await db.query<{ channel: 'webhook' | 'email'; n: number }>("SELECT channel, count(*)::int AS n FROM notification_deliveries WHERE status = 'pending' GROUP BY channel");
  const count = (channel: 'webhook' | 'email') => backlog.rows.find((r) => r.channel === channel)?.n ?? 0;
  return {
    items: rows.rows.map((r) => ({
      id: r.id, channel: r.channel, webhookId: r.webhook_id, recipient: r.recipient, event: r.event, alertId: r.alert_id, status: r.status,
      attempts: r.attempts, nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      lastAttemptAt: r.last_attempt_at?.toISOString() ?? null, lastHttpStatus: r.last_http_status, lastError: r.last_error,
      deliveredAt: r.delivered_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    })),
    backlog: { webhook: count('webhook'), email: count('email') },
  };
}

/** Whether the provider lets webhooks call private addresses (provider settings, via migration 050's function). */
export async function privateWebhooksAllowed(db: DbSession): Promise<boolean> {
  const row = await db.query<{ s: { allowPrivateWebhooks?: boolean | null } | null }>('SELECT provider_notification_settings() AS s');
  return row.rows[0]?.s?.allowPrivateWebhooks === true;
}
