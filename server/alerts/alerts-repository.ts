import type { Alert, AlertListQuery, AlertType, AlertSeverity, AlertStatus, UserRef } from '../../contract/api/alerts.ts';
import type { Role } from '../../contract/api/auth.ts';
import { rolePermissions } from '../../contract/api/permissions.ts';
import type { Address } from '../../contract/api/places.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { pageAfter, syncWindow, type SyncPage } from '../stream/sync-cursor.ts';

/** An alert as `alertColumns` return it. */
export interface AlertRow {
  id: string;
  address: Address | null;
  device_id: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  opened_at: Date;
  last_seen_at: Date;
  occurrences: number;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  details: Record<string, unknown>;
  version: number;
  quiet: boolean;
  escalated_at: Date | null;
  notes: { id: string; author_id: string | null; author_name: string | null; text: string; created_at: string }[];
  changed_xid: string;
}

// User names come from auth_user (SECURITY DEFINER): the app role has no grant on users. A name
// is looked up only where there is someone to name (a new alert has nobody).
const userName = (column: string) => `CASE WHEN ${column} IS NOT NULL THEN (SELECT display_name FROM auth_user(${column})) END`;

/**
 * An alert's columns as the API shows it, for an `alerts` row named `a`: in a SELECT, and in the
 * RETURNING of the alert writer's statements, which then need no read-back (decision 0490).
 */
export const alertColumns = `a.id, a.device_id, a.type, a.severity, a.status, a.message, a.opened_at, a.last_seen_at,
    a.occurrences, a.acknowledged_by, ${userName('a.acknowledged_by')} AS acknowledged_by_name,
    a.acknowledged_at, a.resolved_by, ${userName('a.resolved_by')} AS resolved_by_name,
    a.resolved_at, a.assignee_id, ${userName('a.assignee_id')} AS assignee_name,
    a.details, a.address, a.version, a.quiet, a.escalated_at, a.changed_xid::text AS changed_xid,
    coalesce((SELECT json_agg(json_build_object('id', n.id, 'author_id', n.author_id,
                'author_name', (SELECT display_name FROM auth_user(n.author_id)), 'text', n.text, 'created_at', n.created_at)
              ORDER BY n.created_at)
              FROM alert_notes n WHERE n.alert_id = a.id), '[]') AS notes`;

const selectAlerts = `SELECT ${alertColumns}
  FROM alerts a`;

const ref = (id: string | null, name: string | null): UserRef | null => (id ? { id, displayName: name ?? 'Unknown user' } : null);

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    deviceId: row.device_id,
    type: row.type,
    severity: row.severity,
    status: row.status,
    message: row.message,
    openedAt: row.opened_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    occurrences: row.occurrences,
    acknowledgedBy: ref(row.acknowledged_by, row.acknowledged_by_name),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    resolvedBy: ref(row.resolved_by, row.resolved_by_name),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    assignee: ref(row.assignee_id, row.assignee_name),
    notes: row.notes.map((n) => ({ id: n.id, author: ref(n.author_id, n.author_name), text: n.text, createdAt: new Date(n.created_at).toISOString() })),
    details: row.details,
    // Stored when written (migration 030); alerts written before it have none.
    address: row.address ?? { kind: 'none' },
    quiet: row.quiet,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    version: row.version,
  };
}

export async function alertsByIds(db: DbSession, ids: readonly string[]): Promise<Alert[]> {
  if (ids.length === 0) return [];
  const result = await db.query<AlertRow>(`${selectAlerts} WHERE a.id = ANY ($1::uuid[]) ORDER BY a.opened_at`, [[...new Set(ids)]]);
  return result.rows.map(toAlert);
}

/** Filters are fixed SQL with parameters; paging newest first, or by change with `since`. */
export async function listAlerts(db: DbSession, query: AlertListQuery): Promise<SyncPage<Alert>> {
  const limit = query.limit ?? 500;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.status) add('a.status = ?', query.status);
  if (query.state === 'active') where.push("a.status <> 'resolved'");
  if (query.type) add('a.type = ?', query.type);
  if (query.severity) add('a.severity = ?', query.severity);
  if (query.deviceId) add('a.device_id = ?', query.deviceId);
  if (query.assigneeId) add('a.assignee_id = ?', query.assigneeId);
  if (query.since !== undefined) {
    return syncWindow(db, query.since, limit, async (range) => {
      const p = [...params, range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1];
      const n = params.length;
      const rows = await db.query<AlertRow>(
        `${selectAlerts} WHERE ${[...where, `a.changed_xid >= $${n + 1}::xid8 AND a.changed_xid < $${n + 2}::xid8`,
          `(a.changed_xid, a.id) > ($${n + 3}::xid8, $${n + 4}::uuid)`].join(' AND ')}
         ORDER BY a.changed_xid, a.id LIMIT $${n + 5}`,
        p,
      );
      return rows.rows.map((r) => ({ item: toAlert(r), xid: r.changed_xid, id: r.id }));
    });
  }
  return pageAfter(query.cursor, limit, 'time', async (after) => {
    const n = params.length;
    const cond = after ? [`(a.opened_at, a.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid)`] : [];
    const rows = await db.query<AlertRow>(
      `${selectAlerts} ${[...where, ...cond].length ? 'WHERE ' + [...where, ...cond].join(' AND ') : ''}
       ORDER BY a.opened_at DESC, a.id DESC LIMIT $${n + (after ? 3 : 1)}`,
      after ? [...params, after.key, after.id, limit + 1] : [...params, limit + 1],
    );
    return rows.rows.map((r) => ({ item: toAlert(r), key: r.opened_at.toISOString(), id: r.id }));
  });
}

export type AlertAction =
  | { kind: 'acknowledge'; note?: string | undefined }
  | { kind: 'resolve'; note?: string | undefined }
  | { kind: 'assign'; assigneeId: string | null }
  | { kind: 'note'; text: string };

export type ActionOutcome = { ok: true; alert: Alert } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'conflict' | 'invalid'; why: AlertRefusal; message: string; current: Alert };

/** Why an action on an alert was refused, as the API's reason code and its parameters. */
export type AlertRefusal =
  | { reason: 'edited-elsewhere'; params: { currentVersion: number } }
  | { reason: 'alert-resolved' }
  | { reason: 'alert-acknowledged' }
  | { reason: 'assignee-invalid' };

/**
 * Applies a dispatcher's action if the alert is still at `expectedVersion` (row locked, so two
 * dispatchers cannot both win). Anything else changes nothing and returns the current alert.
 */
export async function actOnAlert(db: DbSession, alertId: string, userId: string, expectedVersion: number | undefined, action: AlertAction): Promise<ActionOutcome> {
  const locked = await db.query<{ status: AlertStatus; version: number }>('SELECT status, version FROM alerts WHERE id = $1 FOR UPDATE', [alertId]);
  const row = locked.rows[0];
  if (!row) return { ok: false, reason: 'not_found' };
  const current = async () => (await alertsByIds(db, [alertId]))[0] as Alert;
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    return { ok: false, reason: 'conflict', why: { reason: 'edited-elsewhere', params: { currentVersion: row.version } }, message: `The alert changed since you saw it (version ${expectedVersion}, now ${row.version}).`, current: await current() };
  }
  if ((action.kind === 'acknowledge' || action.kind === 'resolve' || action.kind === 'assign') && row.status === 'resolved') {
    return { ok: false, reason: 'conflict', why: { reason: 'alert-resolved' }, message: 'The alert is already resolved.', current: await current() };
  }
  if (action.kind === 'acknowledge' && row.status === 'acknowledged') {
    return { ok: false, reason: 'conflict', why: { reason: 'alert-acknowledged' }, message: 'The alert is already acknowledged.', current: await current() };
  }
  if (action.kind === 'assign' && action.assigneeId && !(await mayHandleAlert(db, action.assigneeId, alertId))) {
    return { ok: false, reason: 'invalid', why: { reason: 'assignee-invalid' }, message: 'assigneeId is not a member who handles alerts and sees this vehicle', current: await current() };
  }
  const set =
    action.kind === 'acknowledge' ? "status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()"
    : action.kind === 'resolve' ? "status = 'resolved', resolved_by = $2, resolved_at = now()"
    : action.kind === 'assign' ? 'assignee_id = $3'
    : 'assignee_id = assignee_id';
  await db.query(
    `UPDATE alerts SET ${set}, version = version + 1, changed_xid = pg_current_xact_id() WHERE id = $1 AND ($2::uuid IS NOT NULL OR $3::uuid IS NULL)`,
    [alertId, userId, action.kind === 'assign' ? action.assigneeId : null],
  );
  const note = action.kind === 'note' ? action.text : action.kind === 'acknowledge' || action.kind === 'resolve' ? action.note : undefined;
  if (note) {
    await db.query('INSERT INTO alert_notes (tenant_id, alert_id, author_id, text) VALUES (app_current_tenant(), $1, $2, $3)', [alertId, userId, note]);
  }
  return { ok: true, alert: await current() };
}

/** Roles whose members may handle alerts: derived from the permission matrix, never listed twice. */
export const assignableAlertRoles = (Object.keys(rolePermissions) as Role[]).filter((role) => rolePermissions[role].includes('alerts.handle'));

/**
 * Whether a member may be given the alert: their role handles alerts, and a member limited to
 * groups sees the alert's vehicle (a vehicle in no group is seen only by unlimited members).
 */
async function mayHandleAlert(db: DbSession, userId: string, alertId: string): Promise<boolean> {
  const result = await db.query(
    `SELECT 1 FROM memberships m
      WHERE m.user_id = $1 AND m.role = ANY($2::text[])
        AND (auth_membership_groups(m.user_id, m.tenant_id) IS NULL
             OR (SELECT d.group_id FROM alerts a JOIN devices d ON d.id = a.device_id WHERE a.id = $3) = ANY (auth_membership_groups(m.user_id, m.tenant_id)))`,
    [userId, assignableAlertRoles, alertId],
  );
  return (result.rowCount ?? 0) > 0;
}
