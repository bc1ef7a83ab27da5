import type { Alert, AlertSeverity } from '../../contract/api/alerts.ts';
import { binaryArray, binaryTextArray } from '../db/binary-arrays.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { addressAt } from '../geocoding/address-at.ts';
import { applyAlertRule } from './alert-rule-filter.ts';
import { alertColumns, toAlert, type AlertRow } from './alerts-repository.ts';
import type { MonitoringSettings } from './monitoring-settings.ts';
import type { AlertSignal } from './rules.ts';

/**
 * Ids of alerts a write changed (for the stream), and of those it opened that notify (for the
 * notifications); `rows`: each changed alert as the write left it, by id, from the statements'
 * RETURNING (decision 0490: the stream and the notifications need no read-back).
 */
export interface WrittenAlerts {
  changed: string[];
  opened: string[];
  rows: Map<string, Alert>;
}

/** One device's rule signals of a batch, in the order the rules raised them. */
export interface DeviceSignals {
  deviceId: string;
  groupId: string | null;
  signals: readonly AlertSignal[];
}

interface Ruled {
  index: number;
  deviceId: string;
  signal: AlertSignal;
  severity: AlertSeverity;
  quiet: boolean;
}

/**
 * Turns rule signals into alert rows. De-duplication is the database's: at most one
 * unresolved alert per (device, type, key) (unique index alerts_one_active_key), so a repeat
 * counts into it. Cool-down: a repeat within `cooldownMs` of a resolved alert's last sighting
 * counts into that alert instead of opening a new one. The tenant's alert rules decide first: a
 * type that is off, or a vehicle outside the rule's groups, writes nothing; the rule's severity
 * replaces the built-in one; an alert opened in quiet hours is stored `quiet` and does not notify.
 *
 * Set-based (decision 0284): round k writes the k-th signal of every (device, type, key) in at
 * most three statements (episode updates, repeats, new alerts), so a batch costs a few statements
 * however many devices raised something. Rounds keep the signals of one (device, type, key) in
 * order (its second may count into the alert its first opened); within a round no two signals
 * touch one alert, because an alert belongs to one (device, type, key). Signals of different
 * keys share a round (decision 0450): a record with ten engine codes is one round, not ten.
 */
export async function applySignals(db: DbSession, devices: readonly DeviceSignals[], settings: MonitoringSettings): Promise<WrittenAlerts> {
  const changed: string[] = [];
  const opened: string[] = [];
  // A later round's row is the alert's newer state: it replaces the earlier one.
  const rows = new Map<string, Alert>();
  const keep = (written: readonly Alert[]) => {
    for (const alert of written) {
      changed.push(alert.id);
      rows.set(alert.id, alert);
    }
  };
  const rounds: Omit<Ruled, 'index'>[][] = [];
  const seen = new Map<string, number>();
  for (const d of devices) {
    for (const signal of d.signals) {
      const ruled = applyAlertRule(settings.rules, signal.type, signal.severity, d.groupId, signal.at, settings.timeZone);
      if (!ruled.write) continue;
      const alertKey = `${d.deviceId}\u0000${signal.type}\u0000${signal.key}`;
      const k = seen.get(alertKey) ?? 0;
      seen.set(alertKey, k + 1);
      (rounds[k] ??= []).push({ deviceId: d.deviceId, signal, severity: ruled.severity, quiet: ruled.quiet });
    }
  }
  for (const signals of rounds) {
    const round = signals.map((r, index) => ({ ...r, index }));
    const updates = round.filter((r) => r.signal.kind === 'update');
    const raises = round.filter((r) => r.signal.kind === 'raise');
    if (updates.length > 0) keep(await updateEpisodes(db, updates));
    if (raises.length === 0) continue;
    const repeats = await countRepeats(db, raises, settings.cooldownMs);
    keep([...repeats.values()]);
    const fresh = raises.filter((r) => !repeats.has(r.index));
    if (fresh.length === 0) continue;
    const written = await openAlerts(db, fresh);
    keep(written.map((w) => w.alert));
    for (const w of written) if (w.opened) opened.push(w.alert.id);
  }
  return { changed, opened, rows };
}

/** An ongoing episode's alert gets the signal's details and message (e.g. the final top speed). */
async function updateEpisodes(db: DbSession, updates: readonly Ruled[]): Promise<Alert[]> {
  // Unnamed: a custom plan sees the array sizes; `device_id = ANY` lets it fetch by index.
  const result = await db.query<AlertRow>(
    `UPDATE alerts a SET details = a.details || x.details::jsonb, message = x.message, last_seen_at = greatest(a.last_seen_at, x.at),
            version = a.version + 1, changed_xid = pg_current_xact_id()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS x(d, type, key, details, message, at)
      WHERE a.device_id = ANY ($1::uuid[]) AND a.device_id = x.d AND a.type = x.type AND a.dedup_key = x.key AND a.status <> 'resolved'
      RETURNING ${alertColumns}`,
    [
      binaryArray('uuid', updates.map((u) => u.deviceId)), binaryTextArray(updates.map((u) => u.signal.type)), binaryTextArray(updates.map((u) => u.signal.key)),
      binaryTextArray(updates.map((u) => JSON.stringify(u.signal.details))), binaryTextArray(updates.map((u) => u.signal.message)), binaryArray('timestamptz', updates.map((u) => u.signal.at)),
    ],
  );
  return result.rows.map(toAlert);
}

/**
 * Raises that count into an alert: the unresolved one of their (device, type, key), else one
 * resolved within the cool-down. Returns the alert counted into per raise (by `index`).
 */
async function countRepeats(db: DbSession, raises: readonly Ruled[], cooldownMs: number): Promise<Map<number, Alert>> {
  // `a.id = ANY (ARRAY(…))` repeats the join on purpose: the planner then fetches the targets by
  // key instead of hash-joining over every alert of the tenant (statistics lag a growing table).
  const result = await db.query<AlertRow & { i: number }>(
    `WITH x AS MATERIALIZED (
       SELECT x.i, x.at, x.details,
              (SELECT c.id FROM alerts c
                WHERE c.device_id = x.d AND c.type = x.type AND c.dedup_key = x.key
                  AND (c.status <> 'resolved' OR c.last_seen_at > x.at - make_interval(secs => $7::float8))
                ORDER BY (c.status <> 'resolved') DESC, c.last_seen_at DESC LIMIT 1) AS target
         FROM unnest($1::int4[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS x(i, d, type, key, at, details)
     )
     UPDATE alerts a SET occurrences = a.occurrences + 1, last_seen_at = greatest(a.last_seen_at, x.at),
            details = a.details || x.details::jsonb, version = a.version + 1, changed_xid = pg_current_xact_id()
       FROM x
      WHERE a.id = ANY (ARRAY(SELECT target FROM x WHERE target IS NOT NULL)) AND a.id = x.target
      RETURNING ${alertColumns}, x.i`,
    [
      binaryArray('int4', raises.map((r) => r.index)), binaryArray('uuid', raises.map((r) => r.deviceId)), binaryTextArray(raises.map((r) => r.signal.type)),
      binaryTextArray(raises.map((r) => r.signal.key)), binaryArray('timestamptz', raises.map((r) => r.signal.at)),
      binaryTextArray(raises.map((r) => JSON.stringify(r.signal.details))), cooldownMs / 1000,
    ],
  );
  return new Map(result.rows.map((r) => [r.i, toAlert(r)]));
}

/**
 * New alerts. Only these are geocoded (a few µs, built-in data or a held provider answer): the
 * address is where the episode began, and notifications read it from the row. `opened`: xmax = 0
 * only on a row this statement inserted (not on one ON CONFLICT updated), and not quiet.
 */
async function openAlerts(db: DbSession, raises: readonly Ruled[]): Promise<{ alert: Alert; opened: boolean }[]> {
  const result = await db.query<AlertRow & { opened: boolean }>(
    `INSERT INTO alerts AS a (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address, quiet)
     SELECT (SELECT app_current_tenant()), x.d, x.type, x.key, x.severity, x.message, x.at, x.at, x.details::jsonb, x.address::jsonb, x.quiet
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::bool[])
            AS x(d, type, key, severity, message, at, details, address, quiet)
     ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
       SET occurrences = a.occurrences + 1, last_seen_at = greatest(a.last_seen_at, EXCLUDED.last_seen_at),
           version = a.version + 1, changed_xid = pg_current_xact_id()
     RETURNING ${alertColumns}, (a.xmax = 0 AND NOT a.quiet) AS opened`,
    [
      binaryArray('uuid', raises.map((r) => r.deviceId)), binaryTextArray(raises.map((r) => r.signal.type)), binaryTextArray(raises.map((r) => r.signal.key)),
      binaryTextArray(raises.map((r) => r.severity)), binaryTextArray(raises.map((r) => r.signal.message)), binaryArray('timestamptz', raises.map((r) => r.signal.at)),
      binaryTextArray(raises.map((r) => JSON.stringify(r.signal.details))), binaryTextArray(raises.map((r) => JSON.stringify(addressAt(r.signal.lat, r.signal.lon)))),
      binaryArray('bool', raises.map((r) => r.quiet)),
    ],
  );
  return result.rows.map((r) => ({ alert: toAlert(r), opened: r.opened }));
}

/** Opens a device_offline alert (system), with the address of the last known position, if the tenant's rule lets it. */
export async function raiseOffline(db: DbSession, deviceId: string, groupId: string | null, lastSeenAt: Date, settings: MonitoringSettings, lastPosition?: { lat: number; lon: number }): Promise<WrittenAlerts> {
  const timeoutS = settings.offlineTimeoutS;
  const ruled = applyAlertRule(settings.rules, 'device_offline', 'warning', groupId, Date.now(), settings.timeZone);
  if (!ruled.write) return { changed: [], opened: [], rows: new Map() };
  const minutes = Math.round((Date.now() - lastSeenAt.getTime()) / 60_000);
  const result = await db.query<AlertRow & { opened: boolean }>(
    `INSERT INTO alerts AS a (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at, details, address, quiet)
     VALUES (app_current_tenant(), $1, 'device_offline', '', $5, $2, now(), now(), $3, $4, $6)
     ON CONFLICT (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved' DO UPDATE
       SET last_seen_at = now(), version = a.version + 1, changed_xid = pg_current_xact_id()
     RETURNING ${alertColumns}, (a.xmax = 0 AND NOT a.quiet) AS opened`,
    [deviceId, `No report for ${minutes} min (timeout ${Math.round(timeoutS / 60)} min)`, JSON.stringify({ lastSeenAt: lastSeenAt.toISOString(), timeoutSeconds: timeoutS }), JSON.stringify(addressAt(lastPosition?.lat, lastPosition?.lon)), ruled.severity, ruled.quiet],
  );
  return { changed: result.rows.map((r) => r.id), opened: result.rows.filter((r) => r.opened).map((r) => r.id), rows: new Map(result.rows.map((r) => [r.id, toAlert(r)])) };
}

/** The device reported again: its offline alert resolves itself (resolvedBy null = system). Returns the resolved alerts. */
export async function resolveOffline(db: DbSession, deviceIds: readonly string[]): Promise<Alert[]> {
  if (deviceIds.length === 0) return [];
  const result = await db.query<AlertRow>(
    `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_by = NULL, last_seen_at = now(),
            details = a.details || jsonb_build_object('backOnlineAt', now()), version = a.version + 1, changed_xid = pg_current_xact_id()
      WHERE a.device_id = ANY ($1::uuid[]) AND a.type = 'device_offline' AND a.status <> 'resolved' RETURNING ${alertColumns}`,
    [deviceIds],
  );
  return result.rows.map(toAlert);
}
