import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { Role } from '../../contract/api/auth.ts';
import { demoAccounts, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { idsOfGroup, idsOfTenant, tenantFingerprint } from '../test/isolation-fixtures.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';

/**
 * "Done when" #1 of the tenancy issue. Every route of the OpenAPI document is called as every
 * role of tenant A (Gothenburg Freight) with ids that belong to tenant B (Harbour Taxi, City
 * Utilities) and, for group-scoped members, to another group of tenant A. Each answer must be
 * exactly the answer for an id that exists nowhere: no read, no write, no existence signal.
 * Routes added later are covered automatically; sample bodies below only make more probes reach
 * the handlers (without one, a body route may stop at validation, which is still leak-free).
 */

interface Caller {
  label: string;
  username: string;
  tenantId: string;
  role: Role;
  /** Ids that must look exactly like nonexistent ones to this caller, by table. */
  foreign: Map<string, string[]>;
  /** URLs this caller may read across tenants by its role's design (not tenant data routes). */
  exempt?: RegExp;
  /** Lists that name ids of this caller's foreign set by design (ids only, no tenant data). */
  exemptLists?: RegExp;
}

interface Answer {
  status: number;
  error?: string;
  field?: string;
  message?: string;
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
interface Route {
  method: Method;
  path: string;
}

const gf = demoTenants.gothenburgFreight;
const ownDevice = demoDevices.find((d) => d.name === 'GF Truck 01')?.id ?? '';
const validPassword = 'isolation probe password';

/** Valid bodies, so probes get past validation to the id lookup. `X` marks where ids go. */
const sampleBodies: Record<string, object> = {
  'patch /api/devices/{id}': { name: 'Probe' },
  'patch /api/groups/{id}': { name: 'Probe group' },
  'patch /api/users/{id}': { role: 'viewer' },
  'patch /api/tenants/{id}': { name: 'Probe account' },
  'post /api/tenants/{id}/users': { username: 'probe-user', displayName: 'Probe', password: validPassword, role: 'viewer' },
  'post /api/device-registry/{id}/assign': { tenantId: gf.id, name: 'Probe' },
  'post /api/device-registry/{id}/transfer': { tenantId: gf.id, name: 'Probe' },
  'put /api/drivers/{driverId}': { expectedVersion: 1, name: 'Probe driver' },
  'post /api/driver-assignments/{assignmentId}/end': {},
};

/** Requests that carry a foreign id in the body or query rather than the path. */
const referenceProbes = (x: string): { method: Method; url: string; body?: object }[] => [
  { method: 'post', url: '/api/users', body: { username: `probe-${x.slice(0, 8)}`, displayName: 'Probe', password: validPassword, role: 'dispatcher', groupIds: [x] } },
  { method: 'patch', url: `/api/devices/${ownDevice}`, body: { groupId: x } },
  { method: 'patch', url: `/api/users/${demoAccounts.erik.id}`, body: { groupIds: [x] } },
  { method: 'post', url: '/api/device-registry/' + x + '/assign', body: { tenantId: x, name: 'Probe' } },
  { method: 'get', url: `/api/audit?targetId=${x}` },
  { method: 'get', url: `/api/audit?tenantId=${x}` },
  { method: 'get', url: `/api/device-registry?tenantId=${x}` },
  { method: 'post', url: '/api/drivers', body: { name: 'Probe driver', groupId: x } },
  { method: 'post', url: '/api/driver-assignments', body: { driverId: x, deviceId: ownDevice } },
  { method: 'get', url: `/api/driver-assignments?deviceId=${x}` },
  { method: 'get', url: `/api/insights?from=2026-11-01&to=2026-11-07&groupId=${x}` },
  { method: 'get', url: `/api/insights?from=2026-11-01&to=2026-11-07&deviceId=${x}` },
  { method: 'get', url: `/api/reports?kind=trips&from=2026-11-01&to=2026-11-07&groupId=${x}` },
  { method: 'get', url: `/api/reports?kind=speeding&from=2026-11-01&to=2026-11-07&deviceIds=${x}` },
  { method: 'get', url: `/api/reports?kind=stops&from=2026-11-01&to=2026-11-07&driverId=${x}` },
];

const suite = useTestFleet();
let routes: Route[];
const callers: Caller[] = [];
const tokens = new Map<string, string>();
let foreignTenantIds: Map<string, string[]>;
let everyForeignId: string[];

beforeAll(async () => {
  const doc = (await suite.fleet.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    (Object.keys(operations) as Method[]).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)).map((method) => ({ method, path })),
  );

  // Some monitoring data in every tenant (positions, trips, alerts), reported through the public
  // ingest as devices do, so those tables have rows whose ids can be thrown at the API too.
  const start = Math.floor(Date.now() / 1000) - 600;
  for (const device of demoDevices) {
    for (const [i, speedKnots] of [40, 75, 0].entries()) {
      const query = new URLSearchParams({ id: device.uniqueId, lat: String(57.7 + i * 0.004), lon: '11.97', speed: String(speedKnots), timestamp: String(start + i * 60), batt: '11.2' });
      await suite.fleet.app.inject({ method: 'GET', url: `/?${query}` });
    }
  }

  // Tenant B's ids: everything the two other client tenants own, plus the tenants themselves and
  // the provider's registry (foreign to every client member).
  foreignTenantIds = new Map();
  for (const tenant of [demoTenants.harbourTaxi, demoTenants.cityUtilities]) {
    for (const [table, ids] of await idsOfTenant(suite.fleet.db, tenant.id)) foreignTenantIds.set(`${tenant.name}:${table}`, ids);
    foreignTenantIds.set(`${tenant.name}:tenants`, [tenant.id]);
  }
  // Users who are members of B only (Maria is in both A and B: she is not foreign to A).
  foreignTenantIds.set('users', [demoAccounts.viktor.id, demoAccounts.sofia.id]);
  const units = await suite.fleet.db.withTenant(demoTenants.nordicFleetServices.id, (db) => db.query<{ id: string }>('SELECT id::text AS id FROM registry_devices ORDER BY id LIMIT 3'));
  foreignTenantIds.set('registry_devices', units.rows.map((r) => r.id));

  const member = (label: string, username: keyof typeof demoAccounts, role: Role, extra = new Map<string, string[]>()): Caller => {
    const foreign = new Map([...foreignTenantIds, ...extra]);
    // A tenant the person also belongs to may be named (in /api/me's membership list); its
    // contents stay foreign to a token of tenant A.
    for (const m of demoAccounts[username].memberships) foreign.delete(`${m.tenant.name}:tenants`);
    return { label, username, tenantId: gf.id, role, foreign };
  };
  const prefixed = (prefix: string, ids: Map<string, string[]>) => new Map([...ids].map(([k, v]) => [`${prefix}:${k}`, v]));
  callers.push(
    member('owner', 'maria', 'owner'),
    member('admin', 'anders', 'admin'),
    member('dispatcher (North depot)', 'erik', 'dispatcher', prefixed('South depot', await idsOfGroup(suite.fleet.db, gf.id, demoGroups.southDepot.id))),
    member('viewer (South depot)', 'vera', 'viewer', prefixed('North depot', await idsOfGroup(suite.fleet.db, gf.id, demoGroups.northDepot.id))),
  );
  // The provider's operator without a support grant (issue 14): every client tenant's data is
  // foreign, tenant A's included. Left out: the tenants themselves (client accounts are what the
  // operator manages) and the provider's own registry. Exempt: the audit log, which the provider
  // reads across accounts by design (audit.readAll, migration 012), and in lists the registry,
  // which names the vehicle record a unit's assignment created (an id, decision 0012).
  // Decision 0210 explains both.
  const clientData = new Map<string, string[]>();
  for (const tenant of [gf, demoTenants.harbourTaxi, demoTenants.cityUtilities]) {
    for (const [table, ids] of await idsOfTenant(suite.fleet.db, tenant.id)) if (table !== 'audit_log') clientData.set(`${tenant.name}:${table}`, ids);
  }
  clientData.set('users', [demoAccounts.viktor.id, demoAccounts.sofia.id, demoAccounts.erik.id]);
  callers.push({ label: 'operator (no support grant)', username: 'operator', tenantId: demoTenants.nordicFleetServices.id, role: 'operator', foreign: clientData, exempt: /^\/api\/audit/, exemptLists: /^\/api\/device-registry$/ });
  for (const caller of callers) tokens.set(caller.label, await accessTokenFor(suite.fleet.app, caller.username, caller.tenantId));
  everyForeignId = [...new Set(callers.flatMap((c) => [...c.foreign.values()].flat()))];
});

async function ask(token: string, method: Method, url: string, body?: object): Promise<{ answer: Answer; text: string }> {
  const response = await suite.fleet.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    headers: bearer(token),
    ...(body !== undefined ? { payload: body } : method === 'get' || method === 'delete' ? {} : { payload: {} }),
  });
  let parsed: Answer & Record<string, unknown> = { status: response.statusCode };
  try {
    const json = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
    if (response.statusCode >= 400) parsed = { status: response.statusCode, error: json.error as string, field: json.field as string, message: json.message as string };
  } catch {
    // Not JSON: the status alone is compared.
  }
  return { answer: parsed, text: response.body };
}

const fill = (path: string, id: string) => path.replace(/\{[^}]+\}/g, id);
const hasParams = (route: Route) => /\{[^}]+\}/.test(route.path);

// Hundreds of probes and two tenant fingerprints per test: up to a minute on a busy machine, and
// the operator's probes (every client tenant's ids) add about half again.
describe('tenant isolation over every API route', { timeout: 240_000 }, () => {
  it('covers the routes of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter(hasParams).length).toBeGreaterThan(10);
  });

  it('answers ids of tenant B and of other groups exactly like ids that do not exist', async () => {
    // The setup's reports reach the device list write-behind (within seconds): write them now, so
    // the fingerprints compare what the probes did, not a flush that happened to fall between.
    await suite.fleet.app.ingest.drain();
    // …and the daily figures of those reports (their background job runs every 10 s).
    await suite.fleet.app.insights.drain();
    const before = await Promise.all([demoTenants.harbourTaxi, demoTenants.cityUtilities].map((t) => tenantFingerprint(suite.fleet.db, t.id)));
    const leaks: string[] = [];
    let probes = 0;
    let reachedHandler = 0;
    for (const caller of callers) {
      const token = tokens.get(caller.label) ?? '';
      for (const route of routes.filter((r) => hasParams(r) && !caller.exempt?.test(r.path))) {
        const body = sampleBodies[`${route.method} ${route.path}`];
        const baseline = await ask(token, route.method, fill(route.path, randomUUID()), body);
        if (baseline.answer.status < 300) leaks.push(`${caller.label} ${route.method} ${route.path}: a random id answered ${baseline.answer.status}`);
        if (baseline.answer.status !== 400) reachedHandler++;
        for (const [kind, ids] of caller.foreign) {
          for (const id of ids) {
            probes++;
            const { answer } = await ask(token, route.method, fill(route.path, id), body);
            if (JSON.stringify(answer) !== JSON.stringify(baseline.answer)) {
              leaks.push(`${caller.label} ${route.method.toUpperCase()} ${route.path} with ${kind} ${id}: ${JSON.stringify(answer)} vs unknown id ${JSON.stringify(baseline.answer)}`);
            }
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(probes).toBeGreaterThan(500);
    // Most probes must have got past validation, or the suite proves little.
    expect(reachedHandler).toBeGreaterThan(routes.filter(hasParams).length * callers.length * 0.8);
    const after = await Promise.all([demoTenants.harbourTaxi, demoTenants.cityUtilities].map((t) => tenantFingerprint(suite.fleet.db, t.id)));
    expect(after).toEqual(before);
  });

  it('never shows a foreign id in any list or single-object read', async () => {
    const leaks: string[] = [];
    for (const caller of callers) {
      const token = tokens.get(caller.label) ?? '';
      const foreign = [...caller.foreign.values()].flat();
      for (const route of routes.filter((r) => r.method === 'get' && !hasParams(r) && !caller.exempt?.test(r.path) && !caller.exemptLists?.test(r.path))) {
        const { answer, text } = await ask(token, 'get', `${route.path}${route.path.includes('audit') ? '?limit=500' : ''}`);
        const seen = foreign.filter((id) => text.includes(id));
        if (seen.length) leaks.push(`${caller.label} GET ${route.path} (${answer.status}) shows ${seen.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('treats foreign ids in bodies and filters like unknown ids', async () => {
    const leaks: string[] = [];
    for (const caller of callers) {
      const token = tokens.get(caller.label) ?? '';
      const unknown = randomUUID();
      const baselines = await Promise.all(referenceProbes(unknown).map((p) => ask(token, p.method, p.url, p.body)));
      for (const id of [...caller.foreign.values()].flat()) {
        const probes = referenceProbes(id);
        for (const [i, probe] of probes.entries()) {
          if (caller.exempt?.test(probe.url)) continue;
          const { answer, text } = await ask(token, probe.method, probe.url, probe.body);
          const baseline = baselines[i];
          const same = baseline && answer.status === baseline.answer.status && answer.error === baseline.answer.error && answer.field === baseline.answer.field;
          if (!same) leaks.push(`${caller.label} ${probe.method.toUpperCase()} ${probe.url.replace(id, '<id>')}: ${JSON.stringify(answer)} vs ${JSON.stringify(baseline?.answer)}`);
          if (everyForeignId.some((f) => f !== id && text.includes(f))) leaks.push(`${caller.label} ${probe.url}: answer shows a foreign id`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
