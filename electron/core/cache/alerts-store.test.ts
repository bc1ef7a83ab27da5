import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../contract/api/alerts.ts';
import { applyAndQueueMany, completeActions, consoleAlerts, getAlert, pendingActions, upsertServerAlerts } from './alerts-store.ts';
import { CacheDb } from './cache-db.ts';
import { cacheMigrations } from './migrations/index.ts';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function cacheFile(): CacheDb {
  const db = new CacheDb(join(mkdtempSync(join(tmpdir(), 'alerts-store-')), 'cache.sqlite'), cacheMigrations);
  open.push(db);
  return db;
}

const dispatcher = { id: '00000000-0000-4000-8000-0000000000d1', displayName: 'Erik Dispatcher' };
const alertId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const serverAlert = (n: number, change: Partial<Alert> = {}): Alert => ({
  id: alertId(n),
  deviceId: '00000000-0000-4000-8000-0000000000ee',
  type: 'overspeed',
  severity: 'warning',
  status: 'open',
  message: 'Speed 112 km/h, limit 90 km/h',
  openedAt: new Date(Date.UTC(2026, 11, 6, 9, 0, n)).toISOString(),
  lastSeenAt: new Date(Date.UTC(2026, 11, 6, 9, 0, n)).toISOString(),
  occurrences: 1,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  assignee: null,
  notes: [],
  details: {},
  address: { kind: 'none' },
  quiet: false,
  escalatedAt: null,
  version: 1,
  ...change,
});

describe('the alert cache', () => {
  it('keeps the later state when an older server copy arrives after a newer one (bulk-assign\'s stream event after bulk-acknowledge\'s answer)', () => {
    const cache = cacheFile();
    const assigned = serverAlert(1, { assignee: dispatcher, version: 2 });
    const acknowledged = { ...assigned, status: 'acknowledged' as const, acknowledgedBy: dispatcher, acknowledgedAt: '2026-12-06T09:05:00.000Z', version: 3 };
    cache.write((db) => upsertServerAlerts(db, [serverAlert(1)]));
    cache.write((db) => upsertServerAlerts(db, [acknowledged]));
    const changed = cache.write((db) => upsertServerAlerts(db, [assigned]));
    expect(changed).toEqual([]);
    expect(cache.read((db) => getAlert(db, alertId(1)))).toMatchObject({ status: 'acknowledged', assignee: dispatcher, version: 3 });
  });

  it('reports only alerts that changed: the same copy again changes nothing', () => {
    const cache = cacheFile();
    expect(cache.write((db) => upsertServerAlerts(db, [serverAlert(7), serverAlert(8)]))).toEqual([alertId(7), alertId(8)]);
    expect(cache.write((db) => upsertServerAlerts(db, [serverAlert(7), serverAlert(8, { occurrences: 2, version: 2 })]))).toEqual([alertId(8)]);
  });

  it('an answer to an action never puts back a state older than one already stored', () => {
    const cache = cacheFile();
    cache.write((db) => upsertServerAlerts(db, [serverAlert(2, { version: 4, status: 'acknowledged', acknowledgedBy: dispatcher })]));
    applyAndQueueMany(cache, [alertId(2)], { action: 'resolve' }, dispatcher, new Date('2026-12-06T09:10:00Z'));
    const [queued] = pendingActions(cache);
    if (!queued) throw new Error('nothing queued');
    completeActions(cache, [{ seq: queued.seq, alert: serverAlert(2, { version: 3 }) }]);
    expect(pendingActions(cache)).toEqual([]);
    expect(consoleAlerts(cache, [alertId(2)])[0]).toMatchObject({ status: 'resolved', version: 4 });
  });

  it('applies one action to many alerts at once, skipping those it cannot apply to', () => {
    const cache = cacheFile();
    cache.write((db) => upsertServerAlerts(db, [serverAlert(3), serverAlert(4, { status: 'acknowledged' }), serverAlert(5, { status: 'resolved' })]));
    const result = applyAndQueueMany(cache, [alertId(3), alertId(4), alertId(5), alertId(6)], { action: 'acknowledge' }, dispatcher, new Date());
    expect(result).toMatchObject({ applied: [alertId(3)], skipped: [alertId(4), alertId(5), alertId(6)] });
    expect(consoleAlerts(cache, [alertId(3)])[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: dispatcher, pendingActions: ['acknowledge'] });
    expect(pendingActions(cache).map((a) => [a.alertId, a.action, a.baseVersion])).toEqual([[alertId(3), 'acknowledge', 1]]);
  });
});
