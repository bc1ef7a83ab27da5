import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';

export interface TestPostgres {
  /** A fresh, empty database on the shared cluster; returns its owner (superuser) URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

let databases = 0;

/**
 * One real PostgreSQL per test file (~1 s), in a throw-away /tmp folder on a free port.
 * Tests get fresh databases from it instead of fresh clusters.
 */
export async function startTestPostgres(settings?: Record<string, string>): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'fleet-test-pg-'));
  const cluster = await startEmbeddedPostgres({ dir, ephemeral: true, settings });
  return {
    async createDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      await cluster.ensureDatabase(name);
      return cluster.url(name);
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One connection for `work`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
