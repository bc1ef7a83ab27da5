import type { Alert } from '../../../contract/api/alerts.ts';
import type { AlertActionKind, AlertFieldChanges } from '../../../contract/bridge/domains/alerts-domain.ts';
import type { CacheDb } from './cache-db.ts';

type Writer = CacheDb['writer'];

/** What a write did to some alerts: field changes for the screens, and alerts they must read again. */
export interface AlertWriteChanges {
  changes: AlertFieldChanges[];
  /** Appeared, vanished, or lost a field: a screen reads these whole. */
  reread: string[];
}

interface Snapshot {
  json: string;
  pending: AlertActionKind[];
}

/**
 * Runs `write` (inside the caller's transaction) and returns what it did to these alerts, field by
 * field, from the stored copies before and after (decision 0380): a screen holding the alerts then
 * applies a few fields instead of reading whole alerts back. Alerts with the same new values share
 * one entry (500 acknowledgements: one status, actor and time). Unchanged alerts are left out.
 */
export function alertWriteChanges<T>(db: Writer, alertIds: readonly string[], write: () => T): AlertWriteChanges & { result: T } {
  const ids = [...new Set(alertIds)];
  const read = db.prepare('SELECT json FROM alerts WHERE id = ?');
  const snapshot = (pending: Map<string, AlertActionKind[]>) => new Map(ids.map((id) => {
    const row = read.get(id);
    return [id, row ? { json: row.json as string, pending: pending.get(id) ?? [] } : null] as const;
  }));
  const before = snapshot(pendingByAlertIn(db));
  const result = write();
  const after = snapshot(pendingByAlertIn(db));
  const groups = new Map<string, AlertFieldChanges>();
  const reread: string[] = [];
  for (const id of ids) {
    const was = before.get(id);
    const now = after.get(id);
    if (!was || !now) {
      if (was || now) reread.push(id);
      continue;
    }
    const set = changedFields(was, now);
    if (set === 'unchanged') continue;
    if (set === 'reread') {
      reread.push(id);
      continue;
    }
    const key = JSON.stringify(set);
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { ids: [id], set });
  }
  return { changes: [...groups.values()], reread, result };
}

/**
 * A value as JSON with every object's keys in one order. The same alert reaches the console in
 * two spellings: the bulk answer's (written by the route's response schema) and the live
 * stream's (the repository's object, its address as PostgreSQL's jsonb orders it). Compared as
 * text, the stream's copies of 500 acknowledged alerts looked changed and every screen read them
 * back once more (decision 0380); compared field by field, every field looked changed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** The fields whose value differs, with the new values (and always the queue); 'reread' when a field vanished. */
function changedFields(was: Snapshot, now: Snapshot): AlertFieldChanges['set'] | 'unchanged' | 'reread' {
  const samePending = was.pending.length === now.pending.length && was.pending.every((a, k) => a === now.pending[k]);
  if (was.json === now.json && samePending) return 'unchanged';
  const before = JSON.parse(was.json) as Record<string, unknown>;
  const after = JSON.parse(now.json) as Record<string, unknown>;
  // JSON cannot carry "remove this field" (undefined vanishes): such an alert is read whole.
  for (const key of Object.keys(before)) if (!(key in after)) return 'reread';
  const set: Partial<Alert> & Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (canonicalJson(before[key]) !== canonicalJson(value)) set[key] = value;
  }
  return { ...set, pendingActions: now.pending };
}

function pendingByAlertIn(db: Writer): Map<string, AlertActionKind[]> {
  const map = new Map<string, AlertActionKind[]>();
  for (const row of db.prepare('SELECT alert_id, action FROM pending_actions ORDER BY seq').all()) {
    const list = map.get(row.alert_id as string) ?? [];
    list.push(row.action as AlertActionKind);
    map.set(row.alert_id as string, list);
  }
  return map;
}
