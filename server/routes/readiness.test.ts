import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { loadMigrations } from '../db/migrations-runner.ts';

/** Polls (at most `timeoutMs`) until `check` holds: waiting for a state, not for a time. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('liveness and readiness against a real PostgreSQL that stops and comes back', () => {
  let dir: string;
  let cluster: RunningEmbeddedPostgres;
  let db: FleetDb;
  let app: FastifyInstance;
  let ownerUrl: string;
  let newest: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleet-readiness-'));
    cluster = await startEmbeddedPostgres({ dir });
    await cluster.ensureDatabase('fleet');
    ownerUrl = cluster.url('fleet');
    const boot = await bootstrapDatabase({ ownerUrl, seedDemo: false });
    db = createFleetDb({ connectionString: boot.appUrl, probeMs: 100 });
    app = await buildApp({ db, config: { ...appConfig(boot.signingKey), monitoringJobs: false, metrics: { processMetrics: false } } });
    await app.ready();
    newest = (await loadMigrations()).reduce((max, m) => Math.max(max, m.version), 0);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is ready with every migration applied, not ready while the database is down, and ready again by itself', async () => {
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', schemaVersion: newest });

    const port = cluster.port;
    await cluster.stop();
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toEqual({ status: 'not-ready', reason: 'database-unreachable', expectedVersion: newest, databaseVersion: null, retryAfterSeconds: 5 });
    // Alive all the while: a supervisor must not restart an instance that will recover on its own.
    expect((await app.inject({ url: '/livez' })).json()).toEqual({ status: 'ok' });

    cluster = await startEmbeddedPostgres({ dir, port });
    await until(async () => (await app.inject({ url: '/readyz' })).statusCode === 200, 'ready again');
    expect((await app.inject({ url: '/livez' })).statusCode).toBe(200);
  });

  it('is not ready while the database lacks a migration this build ships (a restored old backup)', async () => {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const row = await owner.query<{ name: string; checksum: string }>('DELETE FROM schema_migrations WHERE version = $1 RETURNING name, checksum', [newest]);
      const pending = await app.inject({ url: '/readyz' });
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toMatchObject({ status: 'not-ready', reason: 'migrations-pending', expectedVersion: newest, databaseVersion: expect.any(Number) as number });
      await owner.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [newest, row.rows[0]?.name, row.rows[0]?.checksum]);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await owner.end();
    }
  });
});
