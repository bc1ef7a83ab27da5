import type { FleetDb } from '../db/fleet-db.ts';
import { addressAt } from '../geocoding/address-at.ts';

/** Trips per transaction: small enough not to hold row locks against ingest for long. */
const batchSize = 2_000;

/**
 * Gives closed trips stored before trips kept their addresses (migration 142, decision 0360) the
 * addresses a read would have looked up: the built-in geocoder's, as saveTrips stores them.
 * Tenant by tenant, a batch per transaction, until none is left or `stopped()` says so; runs in
 * the background after start. The trips' change marks are left alone: what a client synced
 * already reads the same. Returns how many trips it filled.
 */
export async function backfillTripAddresses(db: FleetDb, stopped: () => boolean = () => false): Promise<number> {
  const tenants = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
  let filled = 0;
  for (const { tenant_id: tenantId } of tenants.rows) {
    for (let more = true; more && !stopped();) {
      const n = await db.withTenant(tenantId, async (session) => {
        const rows = await session.query<{ id: string; start_lat: number; start_lon: number; end_lat: number; end_lon: number }>(
          "SELECT id, start_lat, start_lon, end_lat, end_lon FROM trips WHERE status = 'closed' AND start_address IS NULL LIMIT $1",
          [batchSize],
        );
        if (rows.rows.length === 0) return 0;
        await session.query(
          `UPDATE trips t SET start_address = x.start_address::jsonb, end_address = x.end_address::jsonb
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, start_address, end_address)
            WHERE t.id = x.id AND t.start_address IS NULL`,
          [
            rows.rows.map((r) => r.id),
            rows.rows.map((r) => JSON.stringify(addressAt(r.start_lat, r.start_lon, null))),
            rows.rows.map((r) => JSON.stringify(addressAt(r.end_lat, r.end_lon, null))),
          ],
        );
        return rows.rows.length;
      });
      filled += n;
      more = n === batchSize;
    }
  }
  return filled;
}
