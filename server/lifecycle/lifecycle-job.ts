import type { FleetDb } from '../db/fleet-db.ts';
import { announceTenantIngestChange } from '../tenancy/registry-invalidation.ts';

export interface PurgedTenant {
  tenantId: string;
  name: string;
  /** Rows deleted per table (and units returned to the inventory, users left without an account). */
  rowsDeleted: Record<string, number>;
}

/**
 * Purges client accounts whose grace period has ended (lifecycle_purge_tenant, migration 111:
 * every table with a tenant_id, in foreign-key order; the provider's audit log records it) and
 * records the day's usage figures for billing. Each account in its own transaction: one that
 * fails (and rolls back whole) does not hold up the others. The clock is injected: tests move
 * it past a grace period instead of waiting for one.
 */
export class TenantLifecycleJob {
  readonly #db: FleetDb;
  readonly #now: () => Date;
  readonly #log: (message: string, error: unknown) => void;

  constructor(db: FleetDb, options: { now?: () => Date; log?: (message: string, error: unknown) => void } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#log = options.log ?? (() => {});
  }

  /** One round: usage of the day, then every purge that is due. */
  async runOnce(): Promise<PurgedTenant[]> {
    const now = this.#now();
    await recordUsageDay(this.#db, now);
    const due = await this.#db.query<{ tenant_id: string; tenant_name: string }>('SELECT tenant_id, tenant_name FROM lifecycle_due_purges($1)', [now]);
    const purged: PurgedTenant[] = [];
    for (const { tenant_id: tenantId, tenant_name: name } of due.rows) {
      try {
        const counts = await this.#db.transaction(async (db) => {
          const result = await db.query<{ counts: Record<string, number> | null }>('SELECT lifecycle_purge_tenant($1, $2) AS counts', [tenantId, now]);
          // Every instance's ingest forgets the account's units (now back in the inventory).
          await announceTenantIngestChange(db, tenantId);
          return result.rows[0]?.counts ?? null;
        });
        // null: restored (or purged by another instance) since the list was read.
        if (counts) purged.push({ tenantId, name, rowsDeleted: counts });
      } catch (error) {
        this.#log(`purge of account ${tenantId} failed; it stays pending and is tried again next round`, error);
      }
    }
    return purged;
  }
}

/** The usage figures of `at`'s UTC day for every open client account (ops_usage_daily). */
export async function recordUsageDay(db: FleetDb, at: Date): Promise<void> {
  await db.query('SELECT ops_record_usage_day($1::date)', [at.toISOString().slice(0, 10)]);
}
