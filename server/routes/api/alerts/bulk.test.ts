import { beforeAll, describe, expect, it } from 'vitest';
import type { BulkAlertResponse } from '../../../../contract/api/alerts.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { demoAccounts, demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { actOnAlerts } from './bulk-actions.ts';

const suite = useTestFleet();
const tenant = demoTenants.cityUtilities.id;
const sweeper = demoDevices.find((d) => d.tenant === demoTenants.cityUtilities);
const demoSofia = demoAccounts.sofia.id;
let ids: string[] = [];
let admin: string;

/** The database session with every statement counted: the bulk path's cost is its statements. */
function counted(db: DbSession): { db: DbSession; statements: () => number } {
  let n = 0;
  const query = ((...args: Parameters<DbSession['query']>) => {
    n += 1;
    return (db.query as (...a: unknown[]) => unknown)(...args);
  }) as DbSession['query'];
  return { db: { query }, statements: () => n };
}

const insertOpen = (count: number, prefix: string) =>
  suite.fleet.db.withTenant(tenant, async (db) =>
    (await db.query<{ id: string }>(
      `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at)
       SELECT app_current_tenant(), $1, 'dtc', $2 || lpad(n::text, 4, '0'), 'warning', 'Engine code', now() - make_interval(secs => n), now()
         FROM generate_series(1, $3::int) n RETURNING id`,
      [sweeper?.id, prefix, count],
    )).rows.map((r) => r.id));

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'sofia', tenant);
  // 500 open alerts of one vehicle (distinct keys, so de-duplication keeps them apart).
  ids = await suite.fleet.db.withTenant(tenant, async (db) =>
    (await db.query<{ id: string }>(
      `INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, message, opened_at, last_seen_at)
       SELECT app_current_tenant(), $1, 'dtc', 'P' || lpad(n::text, 4, '0'), 'warning', 'Engine code', now() - make_interval(secs => n), now()
         FROM generate_series(1, 500) n RETURNING id`,
      [sweeper?.id],
    )).rows.map((r) => r.id));
});

describe('POST /api/alerts/bulk', () => {
  it('acknowledges 500 alerts in one request; a stale one is refused on its own with the server’s alert', async () => {
    const actions = ids.map((alertId, k) => ({ alertId, action: 'acknowledge' as const, expectedVersion: k === 7 ? 99 : 1 }));
    const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/alerts/bulk', headers: bearer(admin), payload: { actions } });
    expect(response.statusCode, response.body).toBe(200);
    const { results } = response.json<BulkAlertResponse>();
    expect(results.filter((r) => r.ok)).toHaveLength(499);
    const refused = results[7];
    expect(refused).toMatchObject({ alertId: ids[7], ok: false, status: 409, reason: 'edited-elsewhere', params: { currentVersion: 1 }, current: { status: 'open' } });
    expect(results[0]).toMatchObject({ ok: true, alert: { status: 'acknowledged', version: 2, acknowledgedBy: { displayName: 'Sofia Admin' } } });
  });

  it('refuses a request naming one alert twice, naming the field', async () => {
    const twice = await suite.fleet.app.inject({ method: 'POST', url: '/api/alerts/bulk', headers: bearer(admin), payload: { actions: [ids[1], ids[1]].map((alertId) => ({ alertId, action: 'resolve', expectedVersion: 2 })) } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json<ApiErrorBody>()).toMatchObject({ field: 'actions' });
  });

  it('is set-based: 500 acknowledgements, resolutions and assignments in one statement per kind; the rows changed are counted in PostgreSQL', async () => {
    const fresh = await insertOpen(600, 'S');
    // Alert 550 goes to Viktor, who is no member of City Utilities: refused in SQL, the others assigned.
    // Alert 3 is resolved by someone else first (version 2, which the console has seen): acknowledging
    // it is still a conflict, decided in SQL.
    await suite.fleet.db.withTenant(tenant, (db) => db.query("UPDATE alerts SET status = 'resolved', resolved_at = now(), version = version + 1 WHERE id = $1", [fresh[3]]));
    const actions = [
      ...fresh.slice(0, 500).map((alertId) => ({ alertId, action: 'acknowledge' as const, expectedVersion: alertId === fresh[3] ? 2 : 1, note: alertId === fresh[0] ? 'Bulk note' : undefined })),
      ...fresh.slice(500, 550).map((alertId) => ({ alertId, action: 'resolve' as const, expectedVersion: 1 })),
      ...fresh.slice(550, 600).map((alertId, k) => ({ alertId, action: 'assign' as const, expectedVersion: 1, assigneeId: k === 0 ? demoAccounts.viktor.id : demoSofia })),
    ];
    const auth = { userId: demoSofia, tenantId: tenant, role: 'admin' as const, groupIds: null, sessionId: null, support: null };
    const { results, statements } = await suite.fleet.db.withTenant(tenant, async (db) => {
      const probe = counted(db);
      return { results: await actOnAlerts(probe.db, auth, actions), statements: probe.statements() };
    });
    // Three kinds, one statement each, one read of the results, the stream append (two): a
    // constant, where the per-alert path issued about four statements for each of the 600.
    expect(statements).toBeLessThanOrEqual(8);
    expect(results.filter((r) => !r.ok).map((r) => [r.alertId, r.ok ? null : r.reason])).toEqual([[fresh[3], 'alert-resolved'], [fresh[550], 'assignee-invalid']]);
    const counts = await suite.fleet.db.withTenant(tenant, async (db) => (await db.query<{ acknowledged: number; resolved: number; assigned: number; notes: number; bumped: number }>(
      `SELECT count(*) FILTER (WHERE status = 'acknowledged' AND acknowledged_by = $2)::int AS acknowledged,
              count(*) FILTER (WHERE status = 'resolved' AND resolved_by = $2)::int AS resolved,
              count(*) FILTER (WHERE assignee_id IS NOT NULL)::int AS assigned,
              (SELECT count(*) FROM alert_notes n WHERE n.alert_id = ANY ($1::uuid[]))::int AS notes,
              count(*) FILTER (WHERE version = 2)::int AS bumped
         FROM alerts WHERE id = ANY ($1::uuid[])`,
      [fresh, demoSofia],
    )).rows[0]);
    expect(counts).toEqual({ acknowledged: 499, resolved: 50, assigned: 49, notes: 1, bumped: 499 + 50 + 49 + 1 });
  });
});
