import type { DeliveryErrorCode } from '../../contract/api/notifications.ts';
import { alertsByIds } from '../alerts/alerts-repository.ts';
import type { MonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { deliveriesOf, hooksAndNames, insertDeliveries } from './alert-deliveries.ts';
import { disableWebhookAfterFailures, maxAttempts, retryDelayMs } from './retry-schedule.ts';

/** A delivery claimed for sending, with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  channel: 'webhook' | 'email';
  webhookId: string | null;
  /** The webhook's address and signing key, read with the claim (null for e-mail). */
  hook: { url: string; secret: string } | null;
  recipient: string | null;
  event: string;
  /** The webhook body (sent as JSON) or the e-mail (subject, text). */
  payload: object;
  attempts: number;
}

/** What an expansion did: outbox rows expanded, and the new deliveries it claimed for sending now. */
export interface Expansion {
  expanded: number;
  claimed: ClaimedDelivery[];
}

/**
 * Expands unexpanded outbox rows of the current tenant (escalations, the offline sweep's alerts)
 * into deliveries (`deliveriesOf`). Rows are taken with SKIP LOCKED, so instances running side by
 * side split the work.
 *
 * The first `claim.limit` new deliveries are written already claimed (their next attempt a lease
 * ahead, as `claimDue` would move it) and returned with what sending needs: a new delivery is not
 * written and then claimed by a second update (decision 0450). The rest are due at once, for a
 * later claim.
 */
export async function expandOutbox(db: DbSession, tenantId: string, settings: MonitoringSettings, now: Date, claim: { leaseMs: number; limit: number }, limit = 200): Promise<Expansion> {
  const rows = await db.query<{ id: string; event: 'alert.opened' | 'alert.escalated'; alert_id: string; created_at: Date }>(
    `SELECT id::text, event, alert_id, created_at FROM notification_outbox WHERE expanded_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  if (rows.rows.length === 0) return { expanded: 0, claimed: [] };
  const alerts = new Map((await alertsByIds(db, rows.rows.map((r) => r.alert_id))).map((a) => [a.id, a]));
  const { hooks, names } = await hooksAndNames(db, [...alerts.values()].map((a) => a.deviceId));
  const fresh = rows.rows.flatMap((row) => {
    const alert = alerts.get(row.alert_id);
    return alert ? deliveriesOf(row.event, alert, names.get(alert.deviceId) ?? 'Unknown vehicle', row.created_at.toISOString(), tenantId, hooks, settings) : [];
  });
  const claimed = fresh.slice(0, claim.limit);
  await insertDeliveries(db, fresh, claim.limit, now, new Date(now.getTime() + claim.leaseMs));
  await db.query('UPDATE notification_outbox SET expanded_at = $2 WHERE id = ANY ($1::bigint[])', [rows.rows.map((r) => r.id), now]);
  return { expanded: rows.rows.length, claimed };
}

/**
 * Claims due deliveries of the current tenant (webhooks only while enabled) by moving their next
 * attempt `leaseMs` ahead in a committed transaction: another instance skips them, and if this
 * process dies mid-send they become due again after the lease (at-least-once; receivers
 * de-duplicate on the delivery id).
 */
export async function claimDue(db: DbSession, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  // The webhook's URL and secret come with the claim: one query for the batch, not one per call.
  const result = await db.query<{ id: string; channel: 'webhook' | 'email'; webhook_id: string | null; url: string | null; secret: string | null; recipient: string | null; event: string; payload: Record<string, unknown>; attempts: number }>(
    `WITH claimed AS (
       UPDATE notification_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $2)
        WHERE d.id IN (SELECT d2.id FROM notification_deliveries d2
                        WHERE d2.status = 'pending' AND d2.next_attempt_at <= $1
                          AND (d2.webhook_id IS NULL OR EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d2.webhook_id AND w.enabled))
                        ORDER BY d2.next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.channel, d.webhook_id, d.recipient, d.event, d.payload, d.attempts)
     SELECT c.*, w.url, w.secret FROM claimed c LEFT JOIN webhooks w ON w.id = c.webhook_id`,
    [now, leaseMs / 1000, limit],
  );
  return result.rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    webhookId: r.webhook_id,
    hook: r.url !== null && r.secret !== null ? { url: r.url, secret: r.secret } : null,
    recipient: r.recipient,
    event: r.event,
    payload: r.payload,
    attempts: r.attempts,
  }));
}

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  error: DeliveryErrorCode | null;
  /** Not the receiver's fault (no SMTP server configured): wait without using up an attempt. */
  deferMs?: number;
}

/**
 * Writes a round's outcomes: the delivered ones in one statement (and one reset of their webhooks'
 * failure streaks), the rest one by one through `recordAttempt` (failures are the exception).
 */
export async function recordAttempts(db: DbSession, results: readonly (readonly [ClaimedDelivery, AttemptResult])[], now: Date): Promise<void> {
  const delivered = results.filter(([, r]) => r.ok && r.deferMs === undefined);
  if (delivered.length > 0) {
    await db.query(
      `UPDATE notification_deliveries d SET status = 'delivered', attempts = d.attempts + 1, last_attempt_at = $2, last_http_status = x.http_status,
              last_error = NULL, delivered_at = $2, next_attempt_at = $2
         FROM unnest($1::uuid[], $3::int[]) AS x(id, http_status) WHERE d.id = x.id`,
      [delivered.map(([d]) => d.id), now, delivered.map(([, r]) => r.httpStatus)],
    );
    const hooks = [...new Set(delivered.flatMap(([d]) => (d.webhookId ? [d.webhookId] : [])))];
    if (hooks.length > 0) await db.query('UPDATE webhooks SET consecutive_failures = 0, last_error = NULL WHERE id = ANY ($1::uuid[]) AND consecutive_failures > 0', [hooks]);
  }
  for (const [delivery, result] of results) if (!(result.ok && result.deferMs === undefined)) await recordAttempt(db, delivery, result, now);
}

/**
 * Writes one attempt's outcome: delivered; or retried with backoff, given up after `maxAttempts`;
 * and the webhook's failure streak, which turns it off after `disableWebhookAfterFailures`.
 */
export async function recordAttempt(db: DbSession, delivery: ClaimedDelivery, result: AttemptResult, now: Date, random: () => number = Math.random): Promise<void> {
  if (result.deferMs !== undefined) {
    await db.query('UPDATE notification_deliveries SET last_error = $2, next_attempt_at = $3 WHERE id = $1', [delivery.id, result.error, new Date(now.getTime() + result.deferMs)]);
    return;
  }
  const attempts = delivery.attempts + 1;
  const status = result.ok ? 'delivered' : attempts >= maxAttempts ? 'failed' : 'pending';
  await db.query(
    `UPDATE notification_deliveries SET status = $2::text, attempts = $3, last_attempt_at = $4::timestamptz, last_http_status = $5, last_error = $6,
            delivered_at = CASE WHEN $2::text = 'delivered' THEN $4::timestamptz END, next_attempt_at = $7
      WHERE id = $1`,
    [delivery.id, status, attempts, now, result.httpStatus, result.error, new Date(now.getTime() + (status === 'pending' ? retryDelayMs(attempts, random) : 0))],
  );
  if (!delivery.webhookId) return;
  if (result.ok) {
    await db.query('UPDATE webhooks SET consecutive_failures = 0, last_error = NULL WHERE id = $1 AND consecutive_failures > 0', [delivery.webhookId]);
    return;
  }
  await db.query(
    `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1, last_error = $2,
            enabled = enabled AND consecutive_failures + 1 < $3,
            disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= $3 THEN 'consecutive-failures' ELSE disabled_reason END,
            disabled_at = CASE WHEN enabled AND consecutive_failures + 1 >= $3 THEN $4::timestamptz ELSE disabled_at END,
            version = version + CASE WHEN enabled AND consecutive_failures + 1 >= $3 THEN 1 ELSE 0 END
      WHERE id = $1`,
    [delivery.webhookId, result.error === 'http-status' && result.httpStatus ? `http-${result.httpStatus}` : result.error, disableWebhookAfterFailures, now],
  );
}
