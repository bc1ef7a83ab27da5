import pg from 'pg';
import { DatabaseHealth } from './database-health.ts';

/** What a unit of work may do with its connection: run queries, nothing about its lifecycle. */
export type DbSession = Pick<pg.PoolClient, 'query'>;

export interface FleetDb {
  /**
   * Runs `work` in ONE transaction on one checked-out connection with the tenant set
   * transaction-locally, so row-level security filters every query in it to that tenant.
   * The setting dies with the transaction and never leaks to the next user of the connection.
   * `groupIds` narrows the transaction to those groups (app.group_ids, see migration 010);
   * null or omitted = every group of the tenant. `supportGrantId` marks an operator's support
   * session (app.support_grant, migration 106): RLS then admits its statements only while that
   * grant is active.
   */
  withTenant<T>(tenantId: string, work: (db: DbSession) => Promise<T>, groupIds?: readonly string[] | null, supportGrantId?: string | null): Promise<T>;
  /** A transaction with no tenant set: tenant tables read as empty. For per-user auth tables. */
  transaction<T>(work: (db: DbSession) => Promise<T>): Promise<T>;
  /** Single statements outside any tenant (health check, auth functions). */
  query: pg.Pool['query'];
  /**
   * LISTENs on `channel` on a dedicated connection (outside the pool, which it must not pin) and
   * calls `onNotify` with each payload. Used by the live stream to hear other instances.
   */
  listen(channel: string, onNotify: (payload: string) => void, onError?: (error: Error) => void): Promise<{ close(): Promise<void> }>;
  /** Whether the database answers (fed by every error of this pool; decision 0111). */
  readonly health: DatabaseHealth;
  /** The pool's connections right now (metrics): open, idle, and requests waiting for one. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FleetDbOptions {
  /** The app role's connection string, never the owner's. */
  connectionString: string;
  max?: number;
  onIdleError?: (error: Error) => void;
  /** While the database is down, how often it is asked whether it is back (default 1 s). */
  probeMs?: number;
  /** How long a request waits for a connection (a free one, or a new one) before it fails (default 30 s). */
  connectTimeoutMs?: number;
}

export function createFleetDb(options: FleetDbOptions): FleetDb {
  // Without a timeout, a request waits forever for a connection to a database that hangs.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 30_000 });
  const health = new DatabaseHealth(() => pool.query('SELECT 1'), options.probeMs === undefined ? {} : { probeMs: options.probeMs });
  // An idle connection can die (database restart); without a listener pg would crash the process.
  pool.on('error', (error) => {
    health.observe(error);
    options.onIdleError?.(error);
  });
  const observed = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      health.observe(error);
      throw error;
    });

  async function inTransaction<T>(tenantId: string | null, work: (db: DbSession) => Promise<T>, groupIds: readonly string[] | null = null, supportGrantId: string | null = null): Promise<T> {
    const client = await observed(pool.connect());
    let broken: Error | undefined;
    // A checked-out connection that dies between statements emits 'error' on the client, which
    // the pool listens to only while the connection is idle: unheard, it crashed the process.
    // The statement in flight (or the next) fails on its own; the connection is then destroyed.
    const onClientError = (error: Error) => {
      broken = error;
      health.observe(error);
    };
    client.on('error', onClientError);
    try {
      if (tenantId === null) await client.query('BEGIN');
      else {
        // BEGIN and the settings in one round trip (a simple query of two statements; ingest runs
        // one such transaction per flush, decision 0281). Transaction-local, so nothing survives on
        // the pooled connection. The values are inlined: withTenant accepts only UUIDs for them.
        const groups = groupIds === null ? '' : `{${groupIds.join(',')}}`;
        await client.query(`BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true), set_config('app.group_ids', '${groups}', true), set_config('app.support_grant', '${supportGrantId ?? ''}', true)`);
      }
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is in an unknown state: destroy it instead of returning it to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      health.observe(error);
      throw error;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
  }

  return {
    withTenant(tenantId, work, groupIds = null, supportGrantId = null) {
      if (!uuidPattern.test(tenantId)) return Promise.reject(new Error(`Tenant id ${tenantId} is not a UUID`));
      const badGroup = groupIds?.find((id) => !uuidPattern.test(id));
      if (badGroup !== undefined) return Promise.reject(new Error(`Group id ${badGroup} is not a UUID`));
      if (supportGrantId !== null && !uuidPattern.test(supportGrantId)) return Promise.reject(new Error(`Support grant id ${supportGrantId} is not a UUID`));
      return inTransaction(tenantId, work, groupIds, supportGrantId);
    },
    transaction: (work) => inTransaction(null, work),
    query: ((...args: unknown[]) => {
      const result: unknown = (pool.query as (...a: unknown[]) => unknown).apply(pool, args);
      // Callers handle the rejection themselves; this only listens to it.
      if (result instanceof Promise) result.catch((error: unknown) => health.observe(error));
      return result;
    }) as pg.Pool['query'],
    async listen(channel, onNotify, onError) {
      const client = new pg.Client({ connectionString: options.connectionString });
      client.on('error', (error) => {
        health.observe(error);
        onError?.(error);
      });
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      return { close: () => client.end() };
    },
    health,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => {
      health.close();
      return pool.end();
    },
  };
}
