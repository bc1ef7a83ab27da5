import type { Bbox } from '../../../../contract/api/map-packs.ts';
import type { DbSession } from '../../../db/fleet-db.ts';

/** With this many positioned vehicles or more, the outer 2 % on each side are left out of the area. */
const trimFrom = 20;

/**
 * Where the caller's fleet operates: the box around the latest positions of the vehicles they
 * may see (RLS: tenant and group scope). One vehicle far away (a truck on a ferry, a unit tested
 * at the office) should not stretch a city fleet's pack across a country, so a large fleet's box
 * spans the 2nd to 98th percentile of each coordinate. Null when no vehicle has a position.
 */
export async function fleetArea(db: DbSession): Promise<Bbox | null> {
  const { rows } = await db.query<{ n: number; w: number; s: number; e: number; nn: number; tw: number; ts: number; te: number; tn: number }>(
    `SELECT count(*)::int AS n,
            min(longitude) AS w, min(latitude) AS s, max(longitude) AS e, max(latitude) AS nn,
            percentile_cont(0.02) WITHIN GROUP (ORDER BY longitude) AS tw,
            percentile_cont(0.02) WITHIN GROUP (ORDER BY latitude) AS ts,
            percentile_cont(0.98) WITHIN GROUP (ORDER BY longitude) AS te,
            percentile_cont(0.98) WITHIN GROUP (ORDER BY latitude) AS tn
       FROM devices
      WHERE transferred_at IS NULL AND latitude IS NOT NULL AND longitude IS NOT NULL`,
  );
  const r = rows[0];
  if (!r || r.n === 0) return null;
  return r.n >= trimFrom ? [r.tw, r.ts, r.te, r.tn] : [r.w, r.s, r.e, r.nn];
}
