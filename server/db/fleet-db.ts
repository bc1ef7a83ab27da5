import pg from 'pg';

/** What a unit of work may do with its connection: run queries, nothing about its lifecycle. */
export type DbSession = Pick<pg.PoolClient, 'query'>;

export interface FleetDb {
  /**
   * Runs `work` in ONE transaction on one checked-out connection with the tenant set
   * transaction-locally, so row-level security filters every query in it to that tenant.
   * The setting dies with the transaction and never leaks to the next user of the connection.
   * `groupIds` narrows the transaction to those groups (app.group_ids, see migration 010);
   * null or omitted = every group of the tenant.
   */
  withTenant<T>(tenantId: string, work: (db: DbSession) => Promise<T>, groupIds?: readonly string[] | null): Promise<T>;
  /** A transaction with no tenant set: tenant tables read as empty. For per-user auth tables. */
  transaction<T>(work: (db: DbSession) => Promise<T>): Promise<T>;
  /** Single statements outside any tenant (health check, auth functions). */
  query: pg.Pool['query'];
  /**
   * LISTENs on `channel` on a dedicated connection (outside the pool, which it must not pin) and
   * calls `onNotify` with each payload. Used by the live stream to hear other instances.
   */
  listen(channel: string, onNotify: (payload: string) => void, onError?: (error: Error) => void): Promise<{ close(): Promise<void> }>;
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

  async function inTransaction<T>(tenantId: string | null, work: (db: DbSession) => Promise<T>, groupIds: readonly string[] | null = null): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (tenantId !== null) {
        // One round trip for both; transaction-local, so nothing survives on the pooled connection.
        await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.group_ids', $2, true)", [
          tenantId,
          groupIds === null ? '' : `{${groupIds.join(',')}}`,
        ]);
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
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    withTenant(tenantId, work, groupIds = null) {
      if (!uuidPattern.test(tenantId)) return Promise.reject(new Error(`Tenant id ${tenantId} is not a UUID`));
      const badGroup = groupIds?.find((id) => !uuidPattern.test(id));
      if (badGroup !== undefined) return Promise.reject(new Error(`Group id ${badGroup} is not a UUID`));
      return inTransaction(tenantId, work, groupIds);
    },
    transaction: (work) => inTransaction(null, work),
    query: pool.query.bind(pool) as pg.Pool['query'],
    async listen(channel, onNotify, onError) {
      const client = new pg.Client({ connectionString: options.connectionString });
      client.on('error', (error) => onError?.(error));
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      return { close: () => client.end() };
    },
    close: () => pool.end(),
  };
}
