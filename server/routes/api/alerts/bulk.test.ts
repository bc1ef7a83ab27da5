import { beforeAll, describe, expect, it } from 'vitest';
import type { BulkAlertResponse } from '../../../../contract/api/alerts.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
const tenant = demoTenants.cityUtilities.id;
const sweeper = demoDevices.find((d) => d.tenant === demoTenants.cityUtilities);
let ids: string[] = [];
let admin: string;

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
});
