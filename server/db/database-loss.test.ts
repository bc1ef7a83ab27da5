import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { StreamHub } from '../stream/stream-hub.ts';
import type { StreamEvent } from '../stream/tenant-feed.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './embedded-postgres.ts';
import { createFleetDb, type FleetDb } from './fleet-db.ts';

const device = demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight);
if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
const tenant = demoTenants.gothenburgFreight.id;

/** Polls (at most `timeoutMs`) until `check` holds: waiting for a state, not for a time. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A promise the test opens by hand. */
function gate(): { promise: Promise<unknown>; open: () => void } {
  let open: (value: unknown) => void = () => undefined;
  const promise = new Promise<unknown>((resolve) => {
    open = resolve;
  });
  return { promise, open: () => open(undefined) };
}

describe('the fleet cloud while its database is gone (R2)', () => {
  let dir: string;
  let cluster: RunningEmbeddedPostgres;
  let db: FleetDb;
  let app: FastifyInstance;
  let second = 0;
  const report = () => {
    second += 1;
    const timestamp = Math.floor(Date.now() / 1000) - 3600 + second;
    return app.inject({ url: `/?id=${device.uniqueId}&lat=57.7&lon=${11.9 + second / 1e4}&timestamp=${timestamp}` });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-db-loss-'));
    cluster = await startEmbeddedPostgres({ dir });
    await cluster.ensureDatabase('fleet');
    const boot = await bootstrapDatabase({ ownerUrl: cluster.url('fleet'), seedDemo: true });
    db = createFleetDb({ connectionString: boot.appUrl, probeMs: 100 });
    app = await buildApp({ db, config: { ...appConfig(boot.signingKey), monitoringJobs: false } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('survives connections dying under it, says degraded, sheds ingest with Retry-After, and recovers with its stream', async () => {
    expect((await report()).statusCode).toBe(200);
    const hub = new StreamHub(db, () => undefined, { reconnectMs: 100 });
    await hub.start();
    const feed = await hub.feed(tenant);
    const received: StreamEvent[] = [];
    feed.listeners.add({ onEvent: (event) => received.push(event) });

    // A transaction holding its connection while PostgreSQL goes away: the client emits 'error'
    // between statements, which used to be an unhandled 'error' event that crashed the process.
    const paused = gate();
    const inside = gate();
    const holding = db.withTenant(tenant, async (session) => {
      await session.query('SELECT 1');
      inside.open();
      await paused.promise;
      await session.query('SELECT 1');
    });
    await inside.promise;
    const port = cluster.port;
    await cluster.stop();
    paused.open();
    await expect(holding).rejects.toThrow();

    const health = await app.inject({ url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.headers['retry-after']).toBe('5');
    expect(health.json()).toMatchObject({ status: 'degraded', reason: 'database-unreachable', retryAfterSeconds: 5 });

    const shed = await report();
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('5');
    expect(shed.json()).toMatchObject({ reason: 'database-unreachable', retryAfterSeconds: 5 });

    // Back on the same port (as the supervision restarts it): the pool reconnects by itself.
    cluster = await startEmbeddedPostgres({ dir, port });
    await until(async () => (await app.inject({ url: '/health' })).statusCode === 200, 'healthy again');
    expect((await report()).statusCode).toBe(200);
    // The LISTEN connection came back too: the new fix reaches the stream.
    await until(async () => received.some((e) => e.body.type === 'positions'), 'streamed');
    await hub.close();
  });
});
