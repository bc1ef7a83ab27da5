import type { Alert } from '../../../contract/api/alerts.ts';
import type { AlertActionKind, ConsoleAlert } from '../../../contract/bridge/domains/alerts-domain.ts';
import { alertWriteChanges, canonicalJson, type AlertWriteChanges } from './alert-field-changes.ts';
import type { CacheDb } from './cache-db.ts';

type Writer = CacheDb['writer'];

/** An alert action taken in the console, waiting for the server. */
export interface PendingAction {
  seq: number;
  alertId: string;
  action: AlertActionKind;
  /** The server version the person acted on; the replay sends it as expectedVersion. */
  baseVersion: number;
  note?: string;
  assigneeId?: string | null;
  /** Who the alert was assigned to when the person acted (a replayed assign conflicts if that changed). */
  baseAssigneeId?: string | null;
}

/**
 * Writes alerts from the server. Alerts with actions still queued are left as the console shows
 * them: the queue is replayed (and wins or conflicts) before the next pull overwrites them.
 * An older server copy never replaces a newer one: a pull page or a stream event can arrive after
 * the answer to an action (bulk-assign's stream event after bulk-acknowledge's answer), and
 * writing it would undo the later change on this screen. The server raises `version` on every
 * change of an alert, so the higher version is the later state. Only alerts that really changed
 * are returned (a pull that brings the same copy again tells no screen to read it again).
 */
export function upsertServerAlerts(db: Writer, alerts: Alert[], options: { force?: boolean } = {}): string[] {
  const pending = new Set(db.prepare('SELECT DISTINCT alert_id FROM pending_actions').all().map((r) => r.alert_id as string));
  const upsert = db.prepare(`INSERT INTO alerts (id, status, created_at, json) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, json = excluded.json
    WHERE json_extract(excluded.json, '$.version') >= json_extract(alerts.json, '$.version') AND excluded.json IS NOT alerts.json`);
  const changed: string[] = [];
  for (const alert of alerts) {
    if (!options.force && pending.has(alert.id)) continue;
    if (Number(upsert.run(alert.id, alert.status, Date.parse(alert.openedAt), canonicalJson(alert)).changes) > 0) changed.push(alert.id);
  }
  return changed;
}

export function removeAlerts(db: Writer, ids: string[]): void {
  const remove = db.prepare('DELETE FROM alerts WHERE id = ?');
  for (const id of ids) remove.run(id);
}

export function getAlert(db: Writer | CacheDb['reader'], alertId: string): Alert | null {
  const row = db.prepare('SELECT json FROM alerts WHERE id = ?').get(alertId);
  return row ? (JSON.parse(row.json as string) as Alert) : null;
}

export function listAlerts(cache: CacheDb, state: 'active' | 'all', limit: number): ConsoleAlert[] {
  return cache.read((db) => {
    const where = state === 'active' ? "WHERE status != 'resolved'" : '';
    // The inbox's default order (newest first, ties by id): a screen's sort of the list is then a
    // single pass over an already sorted run.
    const rows = db.prepare(`SELECT json FROM alerts ${where} ORDER BY created_at DESC, id ASC LIMIT ?`).all(limit);
    const pending = pendingByAlert(db);
    return rows.map((row) => {
      const alert = JSON.parse(row.json as string) as Alert;
      return { ...alert, pendingActions: pending.get(alert.id) ?? [] };
    });
  });
}

export function consoleAlert(db: Writer | CacheDb['reader'], alertId: string): ConsoleAlert | null {
  const alert = getAlert(db, alertId);
  if (!alert) return null;
  return { ...alert, pendingActions: pendingByAlert(db, alertId).get(alertId) ?? [] };
}

/** Several alerts as the console shows them, in the order asked (missing ones left out); one pass over the queue. */
export function consoleAlerts(cache: CacheDb, alertIds: readonly string[]): ConsoleAlert[] {
  return cache.read((db) => {
    const pending = pendingByAlert(db);
    const get = db.prepare('SELECT json FROM alerts WHERE id = ?');
    return alertIds.flatMap((id) => {
      const row = get.get(id);
      return row ? [{ ...(JSON.parse(row.json as string) as Alert), pendingActions: pending.get(id) ?? [] }] : [];
    });
  });
}

function pendingByAlert(db: Writer | CacheDb['reader'], alertId?: string): Map<string, AlertActionKind[]> {
  const map = new Map<string, AlertActionKind[]>();
  const rows = alertId === undefined
    ? db.prepare('SELECT alert_id, action FROM pending_actions ORDER BY seq').all()
    : db.prepare('SELECT alert_id, action FROM pending_actions WHERE alert_id = ? ORDER BY seq').all(alertId);
  for (const row of rows) {
    const list = map.get(row.alert_id as string) ?? [];
    list.push(row.action as AlertActionKind);
    map.set(row.alert_id as string, list);
  }
  return map;
}

/** Applies an action to the cached alert and queues it, in one transaction. */
export function applyAndQueue(cache: CacheDb, action: Omit<PendingAction, 'seq' | 'baseVersion' | 'baseAssigneeId'>, actor: { id: string; displayName: string }, now: Date): Alert {
  return cache.write((db) => {
    const alert = getAlert(db, action.alertId);
    if (!alert) throw new Error(`alert ${action.alertId} is not in the cache`);
    const changed = applyLocally(alert, action, actor, now);
    db.prepare('UPDATE alerts SET status = ?, json = ? WHERE id = ?').run(changed.status, JSON.stringify(changed), alert.id);
    const payload = { baseVersion: alert.version, baseAssigneeId: alert.assignee?.id ?? null, note: action.note, assigneeId: action.assigneeId };
    db.prepare('INSERT INTO pending_actions (alert_id, action, payload, created_at) VALUES (?, ?, ?, ?)').run(alert.id, action.action, JSON.stringify(payload), now.getTime());
    return changed;
  });
}

/**
 * One action on many alerts (the inbox's multi-select), applied and queued in one transaction:
 * 500 alerts cost one commit, not 500. Alerts it does not apply to here (gone, resolved, or
 * already acknowledged for an acknowledge) are returned as skipped and queue nothing.
 */
export function applyAndQueueMany(
  cache: CacheDb,
  alertIds: readonly string[],
  action: Omit<PendingAction, 'seq' | 'baseVersion' | 'baseAssigneeId' | 'alertId'>,
  actor: { id: string; displayName: string },
  now: Date,
): { applied: string[]; skipped: string[] } & AlertWriteChanges {
  return cache.write((db) => {
    const update = db.prepare('UPDATE alerts SET status = ?, json = ? WHERE id = ?');
    const queue = db.prepare('INSERT INTO pending_actions (alert_id, action, payload, created_at) VALUES (?, ?, ?, ?)');
    const applied: string[] = [];
    const skipped: string[] = [];
    const { changes, reread } = alertWriteChanges(db, alertIds, () => {
      for (const alertId of alertIds) {
        const alert = getAlert(db, alertId);
        if (!alert || alert.status === 'resolved' || (action.action === 'acknowledge' && alert.status === 'acknowledged')) {
          skipped.push(alertId);
          continue;
        }
        const changed = applyLocally(alert, { alertId, ...action }, actor, now);
        update.run(changed.status, JSON.stringify(changed), alertId);
        queue.run(alertId, action.action, JSON.stringify({ baseVersion: alert.version, baseAssigneeId: alert.assignee?.id ?? null, note: action.note, assigneeId: action.assigneeId }), now.getTime());
        applied.push(alertId);
      }
    });
    return { applied, skipped, changes, reread };
  });
}

/** What the person sees at once. The version stays the server's: the replay needs it. */
function applyLocally(alert: Alert, action: Omit<PendingAction, 'seq' | 'baseVersion' | 'baseAssigneeId'>, actor: { id: string; displayName: string }, now: Date): Alert {
  const at = now.toISOString();
  const note = (text: string) => ({ id: crypto.randomUUID(), author: actor, text, createdAt: at });
  const next: Alert = { ...alert, notes: [...alert.notes] };
  if (action.note) next.notes.push(note(action.note));
  switch (action.action) {
    case 'acknowledge':
      if (next.status === 'open') Object.assign(next, { status: 'acknowledged', acknowledgedBy: actor, acknowledgedAt: at });
      break;
    case 'resolve':
      Object.assign(next, { status: 'resolved', resolvedBy: actor, resolvedAt: at });
      break;
    case 'assign':
      next.assignee = action.assigneeId ? { id: action.assigneeId, displayName: action.assigneeId === actor.id ? actor.displayName : 'Assigned (pending sync)' } : null;
      break;
    case 'note':
      break;
  }
  return next;
}

export function pendingActions(cache: CacheDb): PendingAction[] {
  return cache.writer.prepare('SELECT seq, alert_id, action, payload FROM pending_actions ORDER BY seq').all().map((row) => {
    const payload = JSON.parse(row.payload as string) as { baseVersion: number; baseAssigneeId?: string | null; note?: string; assigneeId?: string | null };
    return { seq: Number(row.seq), alertId: row.alert_id as string, action: row.action as AlertActionKind, ...payload };
  });
}

/** Whether any of these alerts still has an action waiting for the server. */
export function stillQueued(cache: CacheDb, alertIds: readonly string[]): boolean {
  if (alertIds.length === 0) return false;
  return cache.read((db) => {
    const waiting = db.prepare('SELECT 1 FROM pending_actions WHERE alert_id = ? LIMIT 1');
    return alertIds.some((id) => waiting.get(id) !== undefined);
  });
}

export function pendingCount(cache: CacheDb): number {
  return Number(cache.reader.prepare('SELECT count(*) AS n FROM pending_actions').get()?.n ?? 0);
}

/**
 * The server accepted actions: drop them and store the alerts it returned, in one transaction
 * (a bulk answer of 500 is one commit). An alert with another action still queued keeps what
 * the console shows until that one is answered too.
 */
export function completeActions(cache: CacheDb, done: readonly { seq: number; alert: Alert }[]): AlertWriteChanges {
  if (done.length === 0) return { changes: [], reread: [] };
  return cache.write((db) => alertWriteChanges(db, done.map(({ alert }) => alert.id), () => {
    const remove = db.prepare('DELETE FROM pending_actions WHERE seq = ?');
    for (const { seq } of done) remove.run(seq);
    const stillPending = db.prepare('SELECT 1 FROM pending_actions WHERE alert_id = ?');
    const settled = done.filter(({ alert }) => !stillPending.get(alert.id)).map(({ alert }) => alert);
    upsertServerAlerts(db, settled, { force: true });
  }));
}

/** The server refused: its state wins, and later queued actions on that alert go too. */
export function rejectActions(cache: CacheDb, alertId: string, server: Alert | null): void {
  cache.write((db) => {
    db.prepare('DELETE FROM pending_actions WHERE alert_id = ?').run(alertId);
    if (server) upsertServerAlerts(db, [server], { force: true });
  });
}
