import type { FleetDb } from './fleet-db.ts';

/** A background job started beside ingest; `stop()` ends it between rounds, `done` says how much it did. */
export interface Backfill {
  done: Promise<number>;
  stop: () => void;
}

/**
 * Works a backfill through every monitored tenant, one short transaction per round (`round`
 * returns how many rows it handled, 0 when that tenant has nothing left), so it never holds locks
 * against ingest for long and a stop waits for one round at most.
 */
export function startTenantBackfill(db: FleetDb, round: (tenantId: string) => Promise<number>): Backfill {
  let stopped = false;
  const run = async () => {
    let handled = 0;
    const tenants = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
    for (const { tenant_id: tenantId } of tenants.rows) {
      for (let n = -1; n !== 0 && !stopped; handled += n) n = await round(tenantId);
    }
    return handled;
  };
  return { done: run(), stop: () => (stopped = true) };
}
