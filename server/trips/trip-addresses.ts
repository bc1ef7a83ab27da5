import type { FleetDb } from '../db/fleet-db.ts';
import { startTenantBackfill, type Backfill } from '../db/tenant-backfill.ts';
import { addressAt } from '../geocoding/address-at.ts';

/** Trips per transaction: small enough not to hold row locks against ingest for long. */
const batchSize = 2_000;

/**
 * Gives closed trips stored before trips kept their addresses (migration 142, decision 0360) the
 * addresses a read would have looked up: the built-in geocoder's, as saveTrips stores them. Runs
 * in the background after start, tenant by tenant, a batch per transaction. The trips' change
 * marks are left alone: what a client synced already reads the same. Its `done` counts the trips
 * it filled.
 */
export function startTripAddressBackfill(db: FleetDb): Backfill {
  return startTenantBackfill(db, (tenantId) => tripAddressRound(db, tenantId));
}

/** One transaction of one tenant's backfill: up to `batchSize` trips given their addresses. */
export async function tripAddressRound(db: FleetDb, tenantId: string): Promise<number> {
  return db.withTenant(tenantId, async (session) => {
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
}

/** The whole backfill, to its end (tests and benches). */
export const backfillTripAddresses = (db: FleetDb): Promise<number> => startTripAddressBackfill(db).done;
