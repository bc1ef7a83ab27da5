import type { DbSession } from '../db/fleet-db.ts';
import { addressAt } from '../geocoding/address-at.ts';
import type { AlertSignal } from './rules.ts';

/**
 * Turns rule signals into alert rows. De-duplication is the database's: at most one
 * unresolved alert per (device, type, key) (unique index alerts_one_active_key), so a repeat
 * counts into it. Cool-down: a repeat within `cooldownMs` of a resolved alert's last sighting
 * counts into that alert instead of opening a new one. Returns the ids of changed alerts.
 */
export async function applySignals(db: DbSession, deviceId: string, signals: readonly AlertSignal[], cooldownMs: number): Promise<string[]> {
  const changed: string[] = [];
  for (const signal of signals) {
    const at = new Date(signal.at);
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
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address)
       VALUES (app_current_tenant(), $1, $2, $3, $4, $5, $6, $6, $7, $8)
       ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
         SET occurrences = alerts.occurrences + 1, last_seen_at = greatest(alerts.last_seen_at, EXCLUDED.last_seen_at),
             version = alerts.version + 1, changed_xid = pg_current_xact_id()
       RETURNING id`,
      [deviceId, signal.type, signal.key, signal.severity, signal.message, at, JSON.stringify(signal.details), JSON.stringify(addressAt(signal.lat, signal.lon))],
    );
    if (inserted.rows[0]) changed.push(inserted.rows[0].id);
  }
  return changed;
}

/** Opens a device_offline alert (system), with the address of the last known position. */
export async function raiseOffline(db: DbSession, deviceId: string, lastSeenAt: Date, timeoutS: number, lastPosition?: { lat: number; lon: number }): Promise<string[]> {
  const minutes = Math.round((Date.now() - lastSeenAt.getTime()) / 60_000);
  const result = await db.query<{ id: string }>(
    `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address)
     VALUES (app_current_tenant(), $1, 'device_offline', '', 'warning', $2, now(), now(), $3, $4)
     ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
       SET last_seen_at = now(), version = alerts.version + 1, changed_xid = pg_current_xact_id()
     RETURNING id`,
    [deviceId, `No report for ${minutes} min (timeout ${Math.round(timeoutS / 60)} min)`, JSON.stringify({ lastSeenAt: lastSeenAt.toISOString(), timeoutSeconds: timeoutS }), JSON.stringify(addressAt(lastPosition?.lat, lastPosition?.lon))],
  );
  return result.rows.map((r) => r.id);
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
