import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const token = 'metrics-token-for-the-test-0123456789';
const gf = demoTenants.gothenburgFreight;
const gfDevice = demoDevices.find((d) => d.tenant === gf);
const htDevice = demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi);
if (!gfDevice || !htDevice) throw new Error('the demo has vehicles in Gothenburg Freight and Harbour Taxi');

/** Log lines the app wrote, parsed (pino writes one JSON object per line). */
const lines: Record<string, unknown>[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let app: FastifyInstance;
let db: FleetDb;
let second = 0;
const report = (uniqueId: string) => {
  second += 1;
  const timestamp = Math.floor(Date.now() / 1000) - 3600 + second;
  return app.inject({ url: `/?id=${uniqueId}&lat=57.7&lon=${11.9 + second / 1e4}&timestamp=${timestamp}` });
};
const scrape = async () => {
  const response = await app.inject({ url: '/metrics', headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.body;
};

beforeAll(async () => {
  // A second app on the suite's database: one tenant gets a label of its own, the next is "other".
  db = createFleetDb({ connectionString: suite.fleet.boot.appUrl });
  app = await buildApp({
    db,
    config: { ...appConfig(suite.fleet.boot.signingKey), monitoringJobs: false, metrics: { token, tenantLabelLimit: 1, processMetrics: false } },
    logger: { level: 'info', stream: logSink },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('Prometheus metrics', () => {
  it('are off without a token, and refuse a wrong one', async () => {
    const off = await suite.fleet.app.inject({ url: '/metrics' });
    expect(off.statusCode).toBe(404);
    expect(off.json()).toMatchObject({ reason: 'metrics-not-configured' });
    for (const headers of [{}, bearer('wrong'), bearer(`${token}x`)]) {
      const refused = await app.inject({ url: '/metrics', headers });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ reason: 'metrics-token-invalid' });
    }
  });

  it('count stored and refused fixes per tenant within the label bound, and time ingest and API requests', async () => {
    expect((await report(gfDevice.uniqueId)).statusCode).toBe(200);
    expect((await report(htDevice.uniqueId)).statusCode).toBe(200);
    expect((await report('no-such-unit-anywhere')).statusCode).toBe(404);
    const userToken = await accessTokenFor(app, 'maria', gf.id);
    expect((await app.inject({ url: '/api/devices', headers: bearer(userToken) })).statusCode).toBe(200);

    const text = await scrape();
    // The first tenant seen has its own label; the bound (1 here) puts the next under "other".
    expect(text).toContain(`fleet_ingest_fixes_total{tenant="${gf.id}",outcome="stored"} 1`);
    expect(text).toContain('fleet_ingest_fixes_total{tenant="other",outcome="stored"} 1');
    expect(text).toContain('fleet_ingest_rejected_total{tenant="none",reason="unknown"} 1');
    expect(text).toMatch(/fleet_ingest_request_duration_seconds_count\{route="\/"\} 3/);
    expect(text).toMatch(/fleet_http_request_duration_seconds_count\{method="GET",route="\/api\/devices",status="2xx"\} 1/);
    expect(text).toMatch(/fleet_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toContain('fleet_db_available 1');
    expect(text).toContain('fleet_ingest_backlog_fixes 0');
    expect(text).not.toContain('fleet_process_');
  });

  it('log lines of a request carry its tenant', async () => {
    const userToken = await accessTokenFor(app, 'maria', gf.id);
    await app.inject({ url: '/api/groups', headers: bearer(userToken) });
    const apiLine = lines.find((l) => l.msg === 'request completed' && typeof l.req === 'undefined' && l.tenantId === gf.id);
    expect(apiLine, JSON.stringify(lines.slice(-5))).toBeDefined();
    // Device reports write no line per request (decision 0310); their warnings carry the tenant:
    // a second fix with a stored fix's time and other content is kept aside with a warning.
    const timestamp = Math.floor(Date.now() / 1000) - 7200;
    for (const lat of [57.7, 57.71]) expect((await app.inject({ url: `/?id=${htDevice.uniqueId}&lat=${lat}&lon=11.9&timestamp=${timestamp}` })).statusCode).toBe(200);
    const warning = lines.find((l) => typeof l.msg === 'string' && l.msg.includes('position_conflicts'));
    expect(warning, JSON.stringify(lines.slice(-5))).toMatchObject({ level: 40, tenantId: demoTenants.harbourTaxi.id });
    expect(warning?.reqId).toBeDefined();
    expect(lines.filter((l) => l.msg === 'incoming request' && (l.req as { url?: string } | undefined)?.url?.startsWith('/?id='))).toEqual([]);
  });

  it('count a request shed as a whole by its reason', async () => {
    // The pipeline's queue limit is what sheds under overload; a stopped database sheds the same way.
    app.db.health.observe(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(app.db.health.available).toBe(false);
    const shed = await report(gfDevice.uniqueId);
    expect(shed.statusCode).toBe(503);
    expect(await scrape()).toContain('fleet_ingest_rejected_total{tenant="none",reason="database-unreachable"} 1');
  });
});
