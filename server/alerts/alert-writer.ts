import type { DbSession } from '../db/fleet-db.ts';
import { addressAt } from '../geocoding/address-at.ts';
import { applyAlertRule } from './alert-rule-filter.ts';
import type { MonitoringSettings } from './monitoring-settings.ts';
import type { AlertSignal } from './rules.ts';

/** Ids of alerts a write changed (for the stream), and of those it opened that notify (for the outbox). */
export interface WrittenAlerts {
  changed: string[];
  opened: string[];
}

/**
 * Turns rule signals into alert rows. De-duplication is the database's: at most one
 * unresolved alert per (device, type, key) (unique index alerts_one_active_key), so a repeat
 * counts into it. Cool-down: a repeat within `cooldownMs` of a resolved alert's last sighting
 * counts into that alert instead of opening a new one. The tenant's alert rules decide first: a
 * type that is off, or a vehicle outside the rule's groups, writes nothing; the rule's severity
 * replaces the built-in one; an alert opened in quiet hours is stored `quiet` and does not notify.
 */
export async function applySignals(db: DbSession, deviceId: string, signals: readonly AlertSignal[], settings: MonitoringSettings, groupId: string | null): Promise<WrittenAlerts> {
  const changed: string[] = [];
  const opened: string[] = [];
  const cooldownMs = settings.cooldownMs;
  for (const signal of signals) {
    const at = new Date(signal.at);
    const ruled = applyAlertRule(settings.rules, signal.type, signal.severity, groupId, signal.at, settings.timeZone);
    if (!ruled.write) continue;
    if (signal.kind === 'update') {
      const updated = await db.query<{ id: string }>(
        `UPDATE alerts SET details = details || $4::jsonb, message = $5, last_seen_at = greatest(last_seen_at, $6),
                version = version + 1, changed_xid = pg_current_xact_id()
          WHERE device_id = $1 AND type = $2 AND dedup_key = $3 AND status <> 'resolved' RETURNING id`,
        [deviceId, signal.type, signal.key, JSON.stringify(signal.details), signal.message, at],
      );
      changed.push(...updated.rows.map((r) => r.id));
      continue;
    }
    const repeat = await db.query<{ id: string }>(
      `UPDATE alerts SET occurrences = occurrences + 1, last_seen_at = greatest(last_seen_at, $4),
              details = details || $5::jsonb, version = version + 1, changed_xid = pg_current_xact_id()
        WHERE id = (SELECT id FROM alerts
                     WHERE device_id = $1 AND type = $2 AND dedup_key = $3
                       AND (status <> 'resolved' OR last_seen_at > $4::timestamptz - make_interval(secs => $6))
                     ORDER BY (status <> 'resolved') DESC, last_seen_at DESC LIMIT 1)
        RETURNING id`,
      [deviceId, signal.type, signal.key, at, JSON.stringify(signal.details), cooldownMs / 1000],
    );
    if (repeat.rows[0]) {
      changed.push(repeat.rows[0].id);
      continue;
    }
    // Only a new alert is geocoded (a few µs, built-in data or a held provider answer): the
    // address is where the episode began, and notifications read it from the row.
    // xmax = 0 only on a row this statement inserted (not on one ON CONFLICT updated).
    const inserted = await db.query<{ id: string; opened: boolean }>(
      `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address, quiet)
       VALUES (app_current_tenant(), $1, $2, $3, $4, $5, $6, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
         SET occurrences = alerts.occurrences + 1, last_seen_at = greatest(alerts.last_seen_at, EXCLUDED.last_seen_at),
             version = alerts.version + 1, changed_xid = pg_current_xact_id()
       RETURNING id, (xmax = 0 AND NOT quiet) AS opened`,
      [deviceId, signal.type, signal.key, ruled.severity, signal.message, at, JSON.stringify(signal.details), JSON.stringify(addressAt(signal.lat, signal.lon)), ruled.quiet],
    );
    const row = inserted.rows[0];
    if (row) {
      changed.push(row.id);
      if (row.opened) opened.push(row.id);
    }
  }
  return { changed, opened };
}

/** Opens a device_offline alert (system), with the address of the last known position, if the tenant's rule lets it. */
export async function raiseOffline(db: DbSession, deviceId: string, groupId: string | null, lastSeenAt: Date, settings: MonitoringSettings, lastPosition?: { lat: number; lon: number }): Promise<WrittenAlerts> {
  const timeoutS = settings.offlineTimeoutS;
  const ruled = applyAlertRule(settings.rules, 'device_offline', 'warning', groupId, Date.now(), settings.timeZone);
  if (!ruled.write) return { changed: [], opened: [] };
  const minutes = Math.round((Date.now() - lastSeenAt.getTime()) / 60_000);
  const result = await db.query<{ id: string; opened: boolean }>(
    `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address, quiet)
     VALUES (app_current_tenant(), $1, 'device_offline', '', $5, $2, now(), now(), $3, $4, $6)
     ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
       SET last_seen_at = now(), version = alerts.version + 1, changed_xid = pg_current_xact_id()
     RETURNING id, (xmax = 0 AND NOT quiet) AS opened`,
    [deviceId, `No report for ${minutes} min (timeout ${Math.round(timeoutS / 60)} min)`, JSON.stringify({ lastSeenAt: lastSeenAt.toISOString(), timeoutSeconds: timeoutS }), JSON.stringify(addressAt(lastPosition?.lat, lastPosition?.lon)), ruled.severity, ruled.quiet],
  );
  return { changed: result.rows.map((r) => r.id), opened: result.rows.filter((r) => r.opened).map((r) => r.id) };
}

/** The device reported again: its offline alert resolves itself (resolvedBy null = system). */
export async function resolveOffline(db: DbSession, deviceIds: readonly string[]): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  const result = await db.query<{ id: string }>(
    `UPDATE alerts SET status = 'resolved', resolved_at = now(), resolved_by = NULL, last_seen_at = now(),
            details = details || jsonb_build_object('backOnlineAt', now()), version = version + 1, changed_xid = pg_current_xact_id()
      WHERE device_id = ANY ($1::uuid[]) AND type = 'device_offline' AND status <> 'resolved' RETURNING id`,
    [deviceIds],
  );
  return result.rows.map((r) => r.id);
}
