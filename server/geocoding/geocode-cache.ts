import type { Address } from '../../contract/api/places.ts';
import type { DbSession } from '../db/fleet-db.ts';

/** Coordinates are cached rounded to 1e-4° (≈ 11 m north–south, 6 m east–west here): one address per cell. */
export function cellOf(lat: number, lon: number): { latE4: number; lonE4: number } {
  return { latE4: Math.round(lat * 1e4), lonE4: Math.round(lon * 1e4) };
}

const keyOf = (service: string, latE4: number, lonE4: number) => `${latE4},${lonE4},${service}`;

/** Provider answers are refreshed after this long (streets get renamed, data improves). */
export const cacheLifetimeMs = 30 * 86_400_000;

/**
 * The process's memory of provider answers, bounded (least recently used out first). Sits in
 * front of PostgreSQL's geocode_cache, and is what lets trips and alerts use provider answers
 * without a query or an HTTP call on their hot paths. Decision 0056.
 */
export class AddressMemo {
  readonly #max: number;
  readonly #entries = new Map<string, Address>();

  constructor(max = 50_000) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(service: string, lat: number, lon: number): Address | undefined {
    const { latE4, lonE4 } = cellOf(lat, lon);
    const key = keyOf(service, latE4, lonE4);
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(service: string, latE4: number, lonE4: number, address: Address): void {
    const key = keyOf(service, latE4, lonE4);
    this.#entries.delete(key);
    this.#entries.set(key, address);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

/** The one memo of the process: the provider geocoder fills it, trip and alert reads use it. */
export const addressMemo = new AddressMemo();

/** Stored answers for these cells that are younger than the cache lifetime. One query. */
export async function readStoredAddresses(db: DbSession, service: string, cells: readonly { latE4: number; lonE4: number }[]): Promise<Map<string, Address>> {
  const found = new Map<string, Address>();
  if (cells.length === 0) return found;
  const rows = await db.query<{ lat_e4: number; lon_e4: number; address: Address }>(
    `SELECT c.lat_e4, c.lon_e4, c.address FROM geocode_cache c
       JOIN unnest($2::int[], $3::int[]) AS k (lat_e4, lon_e4) ON k.lat_e4 = c.lat_e4 AND k.lon_e4 = c.lon_e4
      WHERE c.service = $1 AND c.fetched_at > now() - make_interval(secs => $4)`,
    [service, cells.map((c) => c.latE4), cells.map((c) => c.lonE4), cacheLifetimeMs / 1000],
  );
  for (const r of rows.rows) found.set(`${r.lat_e4},${r.lon_e4}`, r.address);
  return found;
}

export async function storeAddress(db: DbSession, service: string, latE4: number, lonE4: number, address: Address): Promise<void> {
  await db.query(
    `INSERT INTO geocode_cache (service, lat_e4, lon_e4, address) VALUES ($1, $2, $3, $4)
     ON CONFLICT (service, lat_e4, lon_e4) DO UPDATE SET address = EXCLUDED.address, fetched_at = now()`,
    [service, latE4, lonE4, JSON.stringify(address)],
  );
}

/** Deletes answers past their lifetime (the retention sweep calls it); returns how many. */
export async function pruneStoredAddresses(db: DbSession): Promise<number> {
  const result = await db.query('DELETE FROM geocode_cache WHERE fetched_at < now() - make_interval(secs => $1)', [cacheLifetimeMs / 1000]);
  return result.rowCount ?? 0;
}
