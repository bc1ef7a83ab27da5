import pg from 'pg';

/** What a unit of work may do with its connection: run queries, nothing about its lifecycle. */
export type DbSession = Pick<pg.PoolClient, 'query'>;

export interface FleetDb {
  /**
   * Runs `work` in ONE transaction on one checked-out connection with the tenant set
   * transaction-locally, so row-level security filters every query in it to that tenant.
   * The setting dies with the transaction and never leaks to the next user of the connection.
   */
  withTenant<T>(tenantId: string, work: (db: DbSession) => Promise<T>): Promise<T>;
  /** A transaction with no tenant set: tenant tables read as empty. For per-user auth tables. */
  transaction<T>(work: (db: DbSession) => Promise<T>): Promise<T>;
  /** Single statements outside any tenant (health check, auth functions). */
  query: pg.Pool['query'];
  close(): Promise<void>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FleetDbOptions {
  /** The app role's connection string, never the owner's. */
  connectionString: string;
  max?: number;
  onIdleError?: (error: Error) => void;
}

export function createFleetDb(options: FleetDbOptions): FleetDb {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle connection can die (database restart); without a listener pg would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));

  async function inTransaction<T>(tenantId: string | null, work: (db: DbSession) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (tenantId !== null) await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
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
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    withTenant(tenantId, work) {
      if (!uuidPattern.test(tenantId)) return Promise.reject(new Error(`Tenant id ${tenantId} is not a UUID`));
      return inTransaction(tenantId, work);
    },
    transaction: (work) => inTransaction(null, work),
    query: pool.query.bind(pool) as pg.Pool['query'],
    close: () => pool.end(),
  };
}
