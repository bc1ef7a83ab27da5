import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantPlan } from '../../../contract/api/plans.ts';
import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import { demoTenants } from '../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../../demo/demo-registry.ts';
import { defined } from '../../test/defined.ts';
import { accessTokenFor, bearer } from '../../test/test-fleet.ts';
import { useTestFleet } from '../../test/use-test-fleet.ts';

// Decision 0440: an over-share (here: over its rate) tenant's phone reports are refused in a raw
// request listener below Fastify. app.inject never reaches it, so these tests speak real HTTP to
// a listening server. trustProxy: each test reports from its own X-Forwarded-For address, so the
// per-address throttle stays out of the way except where it is the subject.
const suite = useTestFleet({ trustProxy: true });
const freight = demoTenants.gothenburgFreight;
const truck = defined(demoDevices.find((d) => d.name === 'GF Truck 01'), 'GF Truck 01');
const taxi = defined(demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi), 'a Harbour Taxi unit');
const plan: TenantPlan = { maxUnits: 100, maxUsers: 50, retentionDays: 90, storageBytes: 10_000_000_000, ingestRate: 1, ingestBurst: 2, apiRate: 100 };
let base = '';
let address = 0;
const nextAddress = () => `10.88.0.${++address}`;
let fixTime = Math.floor(Date.now() / 1000) - 3000;

/** A phone's report (Traccar Client: GET, everything in the query string). */
const report = (unit: { uniqueId: string }, from: string, extra: { key?: string; method?: string; body?: string } = {}) =>
  fetch(`${base}/?id=${unit.uniqueId}&key=${extra.key ?? demoDeviceSecret(unit.uniqueId)}&lat=57.7&lon=11.97&timestamp=${fixTime++}`, {
    method: extra.method ?? 'GET',
    headers: { 'x-forwarded-for': from, ...(extra.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(extra.body ? { body: extra.body } : {}),
  });

/** The value of a counter or histogram-count line in the Prometheus text, 0 when absent. */
async function metric(line: string): Promise<number> {
  const text = await suite.fleet.app.metrics.registry.metrics();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

/** Reports from the truck until one is refused below Fastify; the statuses seen on the way. */
async function untilRefusedBelowFastify(from: string): Promise<{ statuses: number[]; refused: Response }> {
  const statuses: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const before = defined(suite.fleet.app.frontDoor, 'frontDoor').answered;
    const response = await report(truck, from);
    statuses.push(response.status);
    if (suite.fleet.app.frontDoor?.answered === before + 1) return { statuses, refused: response };
    await response.arrayBuffer();
  }
  throw new Error(`no report was refused below Fastify: ${statuses.join(', ')}`);
}

beforeAll(async () => {
  const operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  const response = await suite.fleet.app.inject({ method: 'PUT', url: `/api/tenants/${freight.id}/plan`, headers: bearer(operator), payload: plan });
  expect(response.statusCode).toBe(200);
  // Keys enforced (the demo accounts only log them): a wrong key must not be refused as over-rate.
  const mode = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${freight.id}`, headers: bearer(operator), payload: { deviceAuth: 'enforce' } });
  expect(mode.statusCode).toBe(200);
  base = await suite.fleet.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await suite.fleet.app.ingest.drain();
});

describe('refusing an over-share tenant below Fastify (decision 0440)', () => {
  it("answers with Fastify's own refusal, counts it in the metrics, and stores exactly what it acknowledged", async () => {
    const rejected = 'fleet_ingest_rejected_total{tenant="none",reason="ingest-rate-limited"}';
    const requests = 'fleet_ingest_request_duration_seconds_count{route="/"}';
    const [rejectedBefore, requestsBefore] = [await metric(rejected), await metric(requests)];
    const firstTime = fixTime;
    const { statuses, refused } = await untilRefusedBelowFastify(nextAddress());
    // The first reports resolve the unit and use the burst (Fastify's path); then refusals.
    expect(statuses[0]).toBe(200);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as ApiErrorBody;
    expect(body).toMatchObject({ error: 'throttled', reason: 'ingest-rate-limited', params: { ratePerSecond: 1 } });
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(body.retryAfterSeconds).toBe(wait);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');

    // The same report through Fastify (app.inject skips the raw listener): the same answer.
    const fastify = await suite.fleet.app.inject({ url: `/?id=${truck.uniqueId}&key=${demoDeviceSecret(truck.uniqueId)}&lat=57.7&lon=11.97&timestamp=${fixTime++}`, remoteAddress: '10.88.1.1' });
    expect(fastify.statusCode).toBe(429);
    expect(fastify.headers['content-type']).toBe(refused.headers.get('content-type'));
    const fromFastify = fastify.json<ApiErrorBody>();
    expect(Object.keys(fromFastify).sort()).toEqual(Object.keys(body).sort());
    expect(fromFastify).toMatchObject({ error: body.error, reason: body.reason, params: { ratePerSecond: 1 } });
    expect(fromFastify.retryAfterSeconds).toBe(Number(fastify.headers['retry-after']));

    // Counted where Fastify's hooks count a device answer.
    const refusedHere = statuses.filter((s) => s === 429).length;
    expect(await metric(rejected)).toBeGreaterThanOrEqual(rejectedBefore + refusedHere);
    expect(await metric(requests)).toBeGreaterThanOrEqual(requestsBefore + statuses.length);

    // A 2xx still means committed, and nothing refused was stored.
    await suite.fleet.app.ingest.drain();
    const stored = await suite.fleet.app.db.withTenant(freight.id, (db) =>
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE fix_time >= to_timestamp($1) AND fix_time < to_timestamp($2)', [firstTime, fixTime]),
    );
    expect(stored.rows[0]?.n).toBe(statuses.filter((s) => s === 200).length);
  });

  it('keeps the connection: several refusals and an admitted report on one keep-alive socket', async () => {
    const from = nextAddress();
    await untilRefusedBelowFastify(from).then(({ refused }) => refused.arrayBuffer());
    const before = defined(suite.fleet.app.frontDoor, 'frontDoor').answered;
    let connections = 0;
    const counted = () => (connections += 1);
    suite.fleet.app.server.on('connection', counted);
    try {
      for (let i = 0; i < 5; i += 1) {
        const response = await report(truck, from);
        expect(response.status).toBe(429);
        await response.arrayBuffer();
      }
      expect(suite.fleet.app.frontDoor?.answered).toBe(before + 5);
      // Another tenant's unit on the same client: admitted by Fastify's path.
      expect((await report(taxi, from)).status).toBe(200);
    } finally {
      suite.fleet.app.server.off('connection', counted);
    }
    // fetch keeps its connection alive: the refusals left it usable (no new connection was needed).
    expect(connections).toBe(0);
  });

  it("leaves to Fastify what it cannot answer the same way: a bad key, a body, a throttled address, another tenant's unit", async () => {
    const from = nextAddress();
    await untilRefusedBelowFastify(from).then(({ refused }) => refused.arrayBuffer());
    const door = defined(suite.fleet.app.frontDoor, 'frontDoor');
    const before = door.answered;
    // A wrong key gets the unknown unit's 404 (the answer must not tell that the unit exists).
    const badKey = await report(truck, from, { key: 'not-the-key' });
    expect(badKey.status).toBe(404);
    // A body may name another unit: the full path, which refuses it by the same rule.
    const form = await report(truck, from, { method: 'POST', body: 'speed=10' });
    expect(form.status).toBe(429);
    expect(((await form.json()) as ApiErrorBody).reason).toBe('ingest-rate-limited');
    expect((await report(taxi, from)).status).toBe(200);
    expect(door.answered).toBe(before);

    // An address past the per-address throttle gets the throttle's answer first, as before.
    const walker = nextAddress();
    for (let i = 0; i < 30; i += 1) await (await report({ uniqueId: `no-such-unit-${i}` }, walker)).arrayBuffer();
    const throttled = await report(truck, walker);
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as ApiErrorBody).reason).toBe('ingest-throttled');
    expect(door.answered).toBe(before);
  });
});
