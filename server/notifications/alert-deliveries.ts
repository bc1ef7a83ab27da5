import { randomUUID } from 'node:crypto';
import { severityAtLeast } from '../../contract/api/alert-rules.ts';
import type { Alert, AlertSeverity } from '../../contract/api/alerts.ts';
import type { WebhookPayload } from '../../contract/api/notifications.ts';
import type { MonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { alertEmail } from './alert-email.ts';
import type { ClaimedDelivery } from './delivery-store.ts';
import { outboxChannel } from './outbox.ts';

/** A new delivery: what sending needs, and the alert it is about (for the delivery log). */
export type NewDelivery = ClaimedDelivery & { alertId: string };

/** The tenant's enabled webhooks, as expansion needs them. */
export interface EnabledHook {
  id: string;
  min_severity: AlertSeverity;
  url: string;
  secret: string;
}

/**
 * Where the ingest transaction hands the deliveries it wrote already claimed: this instance's
 * notification dispatcher, which sends them from memory once the transaction committed.
 */
export interface DeliverySink {
  /** Until when new deliveries are leased; null while nothing here sends (they are then written due). */
  leasedUntil(): Date | null;
  /** Deliveries written with that lease, in a committed transaction of `tenantId`. */
  accept(tenantId: string, deliveries: readonly ClaimedDelivery[], leasedUntil: Date): void;
}

/**
 * An alert's deliveries: one per enabled webhook whose minimum severity it reaches, one per
 * e-mail recipient of the alert rules at or above their minimum severity.
 */
export function deliveriesOf(
  event: 'alert.opened' | 'alert.escalated', alert: Alert, vehicleName: string, occurredAt: string, tenantId: string,
  hooks: readonly EnabledHook[], settings: MonitoringSettings,
): NewDelivery[] {
  const out: NewDelivery[] = [];
  const vehicle = { id: alert.deviceId, name: vehicleName };
  for (const hook of hooks) {
    if (!severityAtLeast(alert.severity, hook.min_severity)) continue;
    const id = randomUUID();
    const payload: WebhookPayload = { id, event, tenantId, occurredAt, alert, vehicle };
    out.push({ id, channel: 'webhook', webhookId: hook.id, hook: { url: hook.url, secret: hook.secret }, recipient: null, event, alertId: alert.id, payload, attempts: 0 });
  }
  const email = settings.rules.email;
  if (severityAtLeast(alert.severity, email.minSeverity) && email.recipients.length > 0) {
    const message = alertEmail(event, alert, vehicleName, settings);
    for (const to of email.recipients) out.push({ id: randomUUID(), channel: 'email', webhookId: null, hook: null, recipient: to, event, alertId: alert.id, payload: message, attempts: 0 });
  }
  return out;
}

/** Writes new deliveries: the first `claimed` with their next attempt at `leasedUntil` (claimed), the rest due at `now`. */
export async function insertDeliveries(db: DbSession, fresh: readonly NewDelivery[], claimed: number, now: Date, leasedUntil: Date): Promise<void> {
  if (fresh.length === 0) return;
  await db.query(
    `INSERT INTO notification_deliveries (tenant_id, id, channel, webhook_id, recipient, event, alert_id, payload, next_attempt_at)
     SELECT app_current_tenant(), x.id, x.channel, x.webhook_id, x.recipient, x.event, x.alert_id, x.payload, CASE WHEN x.claimed THEN $3::timestamptz ELSE $2::timestamptz END
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, channel text, webhook_id uuid, recipient text, event text, alert_id uuid, payload jsonb, claimed boolean)`,
    [JSON.stringify(fresh.map((d, k) => ({ id: d.id, channel: d.channel, webhook_id: d.webhookId, recipient: d.recipient, event: d.event, alert_id: d.alertId, payload: d.payload, claimed: k < claimed }))), now, leasedUntil],
  );
}

/** The tenant's enabled webhooks and the names of these vehicles, in one round trip. */
export async function hooksAndNames(db: DbSession, deviceIds: readonly string[]): Promise<{ hooks: EnabledHook[]; names: Map<string, string> }> {
  const row = (await db.query<{ hooks: EnabledHook[]; names: { id: string; name: string }[] }>(
    `SELECT coalesce((SELECT json_agg(json_build_object('id', w.id, 'min_severity', w.min_severity, 'url', w.url, 'secret', w.secret)) FROM webhooks w WHERE w.enabled), '[]') AS hooks,
            coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.name)) FROM devices d WHERE d.id = ANY ($1::uuid[])), '[]') AS names`,
    [[...new Set(deviceIds)]],
  )).rows[0];
  return { hooks: row?.hooks ?? [], names: new Map((row?.names ?? []).map((n) => [n.id, n.name])) };
}

/**
 * The deliveries of alerts the ingest transaction just opened, written in that transaction
 * (decision 0490): the alerts are in memory there, so no outbox row is written and none is read
 * back. With a sink (this instance's dispatcher) they are written claimed, a lease ahead, and
 * `afterCommit` hands them to it to send from memory: another instance skips them, and if this
 * process dies first they become due after the lease (at least once, as a claim would). Without
 * one they are written due and a NOTIFY at commit wakes a dispatcher.
 */
export async function deliverOpenedAlerts(
  db: DbSession, tenantId: string, alerts: readonly Alert[], settings: MonitoringSettings, sink: DeliverySink | undefined, now = new Date(),
): Promise<{ afterCommit: () => void }> {
  const none = { afterCommit: () => {} };
  if (alerts.length === 0) return none;
  const { hooks, names } = await hooksAndNames(db, alerts.map((a) => a.deviceId));
  const occurredAt = now.toISOString();
  const fresh = alerts.flatMap((alert) => deliveriesOf('alert.opened', alert, names.get(alert.deviceId) ?? 'Unknown vehicle', occurredAt, tenantId, hooks, settings));
  if (fresh.length === 0) return none;
  const leasedUntil = sink?.leasedUntil() ?? null;
  await insertDeliveries(db, fresh, leasedUntil ? fresh.length : 0, now, leasedUntil ?? now);
  if (!leasedUntil || !sink) {
    await db.query('SELECT pg_notify($1, $2)', [outboxChannel, '']);
    return none;
  }
  return { afterCommit: () => sink.accept(tenantId, fresh, leasedUntil) };
}
