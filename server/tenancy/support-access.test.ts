import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { AuditList } from '../../contract/api/audit.ts';
import type { SupportGrant, SupportSession } from '../../contract/api/support.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const gf = demoTenants.gothenburgFreight;
const provider = demoTenants.nordicFleetServices;
const northTruck = demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.northDepot);
const southTruck = demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.southDepot);
if (!northTruck || !southTruck) throw new Error('the demo has trucks in both depots of Gothenburg Freight');

const call = async (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function grant(body: object): Promise<SupportGrant> {
  const owner = await accessTokenFor(suite.fleet.app, 'maria', gf.id);
  const response = await call(owner, 'POST', '/api/support/grants', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<SupportGrant>();
}

async function openSession(tenantId: string) {
  const operator = await accessTokenFor(suite.fleet.app, 'operator', provider.id);
  return call(operator, 'POST', '/api/support/sessions', { tenantId });
}

/** Moves a grant 73 hours into the past, as if that much time had gone by (the owner's connection). */
async function age(grantId: string): Promise<void> {
  const owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
  await owner.connect();
  try {
    await owner.query("UPDATE support_grants SET granted_at = granted_at - interval '73 hours', expires_at = expires_at - interval '73 hours' WHERE id = $1", [grantId]);
  } finally {
    await owner.end();
  }
}

async function auditOf(tenantId: string): Promise<AuditList['items']> {
  const owner = await accessTokenFor(suite.fleet.app, 'maria', tenantId);
  const response = await call(owner, 'GET', '/api/audit?limit=200');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<AuditList>().items;
}

describe('support access with consent', { timeout: 60_000 }, () => {
  it('lets only the owner grant, for 1 to 72 hours, within the account\'s groups', async () => {
    const admin = await accessTokenFor(suite.fleet.app, 'anders', gf.id);
    const refused = await call(admin, 'POST', '/api/support/grants', { hours: 2, access: 'read' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ reason: 'permission-missing', params: { permission: 'support.grant' } });
    const owner = await accessTokenFor(suite.fleet.app, 'maria', gf.id);
    for (const hours of [0, 73, 1.5]) {
      const bad = await call(owner, 'POST', '/api/support/grants', { hours, access: 'read' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'hours' });
    }
    const foreignGroup = await call(owner, 'POST', '/api/support/grants', { hours: 1, access: 'read', groupIds: [demoGroups.airport.id] });
    expect(foreignGroup.statusCode).toBe(400);
    expect(foreignGroup.json()).toMatchObject({ field: 'groupIds', reason: 'group-not-in-account' });
  });

  it('without a grant the operator opens nothing, and a missing grant answers like a missing account', async () => {
    const none = await openSession(demoTenants.harbourTaxi.id);
    const unknown = await openSession(randomUUID());
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual(unknown.json());
  });

  it('opens the account read-only under a read grant, refuses writes with the reason, and audits every action', async () => {
    const g = await grant({ hours: 2, access: 'read', note: 'Ticket 4711' });
    expect(g).toMatchObject({ access: 'read', groupIds: null, note: 'Ticket 4711', state: 'active', grantedBy: { name: 'Maria Manager' } });
    const operator = await accessTokenFor(suite.fleet.app, 'operator', provider.id);
    const active = await call(operator, 'GET', '/api/support/active-grants');
    expect(active.json<{ items: { tenantId: string }[] }>().items.map((i) => i.tenantId)).toEqual([gf.id]);

    const opened = await openSession(gf.id);
    expect(opened.statusCode, opened.body).toBe(200);
    const session = opened.json<SupportSession>();
    expect(Date.parse(session.expiresAt)).toBeLessThanOrEqual(Date.parse(g.expiresAt));
    const devices = await call(session.accessToken, 'GET', '/api/devices?limit=100');
    expect(devices.statusCode).toBe(200);
    expect(devices.body).toContain(northTruck.id);
    const write = await call(session.accessToken, 'PATCH', `/api/devices/${northTruck.id}`, { name: 'Renamed by support' });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ reason: 'support-read-only', params: { permission: 'devices.edit', access: 'read' } });
    // Members and support itself stay the account's.
    const members = await call(session.accessToken, 'POST', '/api/support/grants', { hours: 1, access: 'write' });
    expect(members.json()).toMatchObject({ reason: 'support-not-allowed' });

    const log = await auditOf(gf.id);
    const support = log.filter((e) => e.action.startsWith('support.'));
    expect(support.map((e) => e.action)).toEqual(expect.arrayContaining(['support.grant', 'support.open', 'support.read']));
    const read = support.find((e) => e.action === 'support.read');
    expect(read).toMatchObject({ actor: { name: 'Olivia Operator', tenantId: provider.id }, targetId: g.id, targetLabel: 'GET /api/devices' });
  });

  it('ends by itself when the grant expires: the API says so and PostgreSQL shows nothing', async () => {
    const g = (await (await call(await accessTokenFor(suite.fleet.app, 'maria', gf.id), 'GET', '/api/support/grants')).json<{ items: SupportGrant[] }>()).items.find((i) => i.state === 'active');
    if (!g) throw new Error('the previous test left an active grant');
    const session = (await openSession(gf.id)).json<SupportSession>();
    await age(g.id);
    const after = await call(session.accessToken, 'GET', '/api/devices');
    expect(after.statusCode).toBe(403);
    expect(after.json()).toMatchObject({ reason: 'support-grant-ended', params: { state: 'expired' } });
    expect((await openSession(gf.id)).statusCode).toBe(404);
    // Below the API: a transaction claiming the ended grant reads no row of any tenant table.
    const rows = await suite.fleet.db.withTenant(gf.id, (db) => db.query('SELECT (SELECT count(*) FROM devices) + (SELECT count(*) FROM positions) + (SELECT count(*) FROM groups) AS n'), null, g.id);
    expect(Number(rows.rows[0]?.n)).toBe(0);
    const owner = await accessTokenFor(suite.fleet.app, 'maria', gf.id);
    const listed = (await call(owner, 'GET', '/api/support/grants')).json<{ items: SupportGrant[] }>().items.find((i) => i.id === g.id);
    expect(listed?.state).toBe('expired');
  });

  it('writes under a read-write grant within its groups, and a revoke ends the session at once', async () => {
    const g = await grant({ hours: 1, access: 'write', groupIds: [demoGroups.northDepot.id] });
    const session = (await openSession(gf.id)).json<SupportSession>();
    const list = await call(session.accessToken, 'GET', '/api/devices?limit=100');
    expect(list.body).toContain(northTruck.id);
    expect(list.body).not.toContain(southTruck.id);
    expect((await call(session.accessToken, 'GET', `/api/devices/${southTruck.id}`)).statusCode).toBe(404);
    const renamed = await call(session.accessToken, 'PATCH', `/api/devices/${northTruck.id}`, { name: 'GF Truck North (support)' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const update = (await auditOf(gf.id)).find((e) => e.action === 'devices.update' && e.targetId === northTruck.id);
    expect(update).toMatchObject({ actor: { name: 'Olivia Operator', tenantId: provider.id } });

    // PostgreSQL holds the group limit too: a transaction that widens the scope sees nothing.
    const widened = await suite.fleet.db.withTenant(gf.id, (db) => db.query('SELECT count(*)::int AS n FROM devices'), null, g.id);
    expect(widened.rows[0]?.n).toBe(0);

    const owner = await accessTokenFor(suite.fleet.app, 'maria', gf.id);
    const revoked = await call(owner, 'POST', `/api/support/grants/${g.id}/revoke`);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokedBy: { name: 'Maria Manager' } });
    const refused = await call(session.accessToken, 'GET', '/api/devices');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ reason: 'access-token-revoked' });
    expect((await openSession(gf.id)).statusCode).toBe(404);
    const actions = (await auditOf(gf.id)).map((e) => e.action);
    expect(actions).toContain('support.revoke');
    expect(actions).toContain('support.write');
  });

  it('guards every tenant table with the support policies', async () => {
    const rows = await suite.fleet.db.query<{ table: string; policies: string[] }>(
      `SELECT c.relname AS table, array_agg(p.polname::text ORDER BY p.polname) FILTER (WHERE p.polname::text LIKE 'support_grant_%') AS policies
         FROM pg_class c
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
         LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT c.relispartition
        GROUP BY c.relname ORDER BY c.relname`,
    );
    expect(rows.rows.length).toBeGreaterThan(20);
    const missing = rows.rows.filter((r) => JSON.stringify(r.policies) !== JSON.stringify(['support_grant_delete', 'support_grant_insert', 'support_grant_read', 'support_grant_update']));
    expect(missing.map((r) => r.table)).toEqual([]);
  });
});
