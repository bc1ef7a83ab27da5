import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../contract/api/alerts.ts';
import type { ConsoleAlert } from '../../../contract/bridge/domains/alerts-domain.ts';
import { applyAndQueueMany, completeActions, consoleAlerts, pendingActions, upsertServerAlerts } from './alerts-store.ts';
import { CacheDb } from './cache-db.ts';
import { cacheMigrations } from './migrations/index.ts';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function cacheFile(): CacheDb {
  const db = new CacheDb(join(mkdtempSync(join(tmpdir(), 'alert-changes-')), 'cache.sqlite'), cacheMigrations);
  open.push(db);
  return db;
}

const sofia = { id: '00000000-0000-4000-8000-0000000000d1', displayName: 'Sofia Admin' };
const alertId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const serverAlert = (n: number, change: Partial<Alert> = {}): Alert => ({
  id: alertId(n),
  deviceId: '00000000-0000-4000-8000-0000000000ee',
  type: 'dtc',
  severity: 'warning',
  status: 'open',
  message: `Engine code P${n}`,
  openedAt: new Date(Date.UTC(2026, 11, 6, 9, 0, n)).toISOString(),
  lastSeenAt: new Date(Date.UTC(2026, 11, 6, 9, 0, n)).toISOString(),
  occurrences: 1,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  assignee: null,
  notes: [],
  details: { code: `P${n}` },
  address: { kind: 'none' },
  quiet: false,
  escalatedAt: null,
  version: 1,
  ...change,
});

/** What a screen holding `held` shows after applying the changes, alert by alert. */
function applied(held: readonly ConsoleAlert[], changes: ReturnType<typeof applyAndQueueMany>['changes']): Map<string, ConsoleAlert> {
  const byId = new Map(held.map((a) => [a.id, a]));
  for (const { ids, set } of changes) for (const id of ids) byId.set(id, { ...(byId.get(id) as ConsoleAlert), ...set });
  return byId;
}

describe('alert changes as fields (decision 0380)', () => {
  it('a bulk acknowledgement of 500 travels as one set of fields for all 500, which turns the held copies into the stored ones', () => {
    const cache = cacheFile();
    const alerts = Array.from({ length: 500 }, (_, n) => serverAlert(n + 1));
    cache.write((db) => upsertServerAlerts(db, alerts));
    const ids = alerts.map((a) => a.id);
    const held = consoleAlerts(cache, ids);
    const { applied: done, changes, reread } = applyAndQueueMany(cache, ids, { action: 'acknowledge' }, sofia, new Date('2026-12-07T08:00:00.000Z'));
    expect(done).toHaveLength(500);
    expect(reread).toEqual([]);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.ids).toEqual(ids);
    expect(changes[0]?.set).toEqual({ status: 'acknowledged', acknowledgedBy: sofia, acknowledgedAt: '2026-12-07T08:00:00.000Z', pendingActions: ['acknowledge'] });
    const stored = consoleAlerts(cache, ids);
    expect([...applied(held, changes).values()]).toEqual(stored);
  });

  it('the server\'s answer travels as the fields it changed, with the queue emptied; skipped alerts send nothing', () => {
    const cache = cacheFile();
    cache.write((db) => upsertServerAlerts(db, [serverAlert(1), serverAlert(2), serverAlert(3, { status: 'resolved' })]));
    const ids = [alertId(1), alertId(2), alertId(3)];
    const queued = applyAndQueueMany(cache, ids, { action: 'acknowledge' }, sofia, new Date('2026-12-07T08:00:00.000Z'));
    expect(queued.skipped).toEqual([alertId(3)]);
    expect(queued.changes.flatMap((c) => c.ids)).toEqual([alertId(1), alertId(2)]);
    const held = consoleAlerts(cache, ids);
    const answered = pendingActions(cache).map((action) => ({
      seq: action.seq,
      // The server's time and version; its copy lists the occurrences it has seen since, too.
      alert: serverAlert(Number(action.alertId.slice(-12)), { status: 'acknowledged', acknowledgedBy: sofia, acknowledgedAt: '2026-12-07T08:00:01.234Z', version: 2, ...(action.alertId === alertId(2) ? { occurrences: 3 } : {}) }),
    }));
    const { changes, reread } = completeActions(cache, answered);
    expect(reread).toEqual([]);
    expect(changes).toEqual([
      { ids: [alertId(1)], set: { acknowledgedAt: '2026-12-07T08:00:01.234Z', version: 2, pendingActions: [] } },
      { ids: [alertId(2)], set: { occurrences: 3, acknowledgedAt: '2026-12-07T08:00:01.234Z', version: 2, pendingActions: [] } },
    ]);
    expect([...applied(held, changes).values()]).toEqual(consoleAlerts(cache, ids));
  });

  it('an alert that lost a field is named for a read: a change cannot say "remove"', () => {
    const cache = cacheFile();
    cache.write((db) => upsertServerAlerts(db, [serverAlert(1, { escalatedAt: '2026-12-06T09:30:00.000Z' })]));
    applyAndQueueMany(cache, [alertId(1)], { action: 'acknowledge' }, sofia, new Date('2026-12-07T08:00:00.000Z'));
    const [action] = pendingActions(cache);
    const { escalatedAt: _, ...withoutEscalation } = serverAlert(1, { status: 'acknowledged', acknowledgedBy: sofia, acknowledgedAt: '2026-12-07T08:00:01.000Z', version: 2 });
    const { changes, reread } = completeActions(cache, [{ seq: action?.seq ?? 0, alert: withoutEscalation }]);
    expect(changes).toEqual([]);
    expect(reread).toEqual([alertId(1)]);
  });

  it('the live stream\'s copy of an alert, spelled with its keys in another order, is no change', () => {
    const cache = cacheFile();
    const alert = serverAlert(1, { address: { kind: 'street', street: 'Kungsportsavenyen', locality: 'Göteborg', source: 'builtin', approximate: false } });
    cache.write((db) => upsertServerAlerts(db, [alert]));
    // The same alert as the stream spells it: every object's keys in another order.
    const reversed = (value: unknown): unknown => value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const changed = cache.write((db) => upsertServerAlerts(db, [reversed(alert) as Alert]));
    expect(changed).toEqual([]);
  });
});
