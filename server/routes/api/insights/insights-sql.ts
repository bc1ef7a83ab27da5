import type { InsightsSortKey } from '../../../../contract/api/insights.ts';

/**
 * The statements behind GET /api/insights. Every statement reads insights_daily once; the
 * selection is $3 group, $4 vehicles (an array), $5 driver (NULL = any) over the days $1–$2. Lists are ranked
 * and paged in PostgreSQL, so a fleet of 10,000 sends one page, not every vehicle
 * (docs/decisions/0220-insights-answer-is-totals-and-a-ranked-page.md).
 */

/** Vehicle rollup rows of the selection ($3 group, $4 vehicles) over the days $1–$2. */
const vehicleRows = `day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3))
  AND ($4::uuid[] IS NULL OR device_id = ANY ($4))`;

/** Slot rows of the selection over the days $1–$2 ($5: one driver). */
const selectedRows = `day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3))
  AND ($4::uuid[] IS NULL OR device_id = ANY ($4)) AND ($5::uuid IS NULL OR driver_slot = $5)`;

/** The additive figures, summed over whatever rows the query groups. */
const sums = `sum(distance_m) AS distance_m, sum(driving_s) AS driving_s, sum(idle_s) AS idle_s, sum(engine_s) AS engine_s,
  sum(stops) AS stops, max(top_speed_kmh) AS top_speed_kmh, sum(overspeed_s) AS overspeed_s, sum(overspeed_events) AS overspeed_events,
  sum(harsh_acceleration) AS harsh_acceleration, sum(harsh_braking) AS harsh_braking, sum(fuel_used_pct) AS fuel_used_pct,
  sum(after_hours_s) AS after_hours_s, sum(after_hours_m) AS after_hours_m`;

/** The same figures as typed output columns of a SumRow (zeros where nothing was summed; fuel stays NULL: not reported). */
const sumColumns = (p = '') => `coalesce(${p}distance_m, 0)::float8 AS distance_m, coalesce(${p}driving_s, 0)::float8 AS driving_s,
  coalesce(${p}idle_s, 0)::float8 AS idle_s, coalesce(${p}engine_s, 0)::float8 AS engine_s, coalesce(${p}stops, 0)::int AS stops,
  coalesce(${p}top_speed_kmh, 0)::float8 AS top_speed_kmh, coalesce(${p}overspeed_s, 0)::float8 AS overspeed_s,
  coalesce(${p}overspeed_events, 0)::int AS overspeed_events, coalesce(${p}harsh_acceleration, 0)::int AS harsh_acceleration,
  coalesce(${p}harsh_braking, 0)::int AS harsh_braking, ${p}fuel_used_pct::float8 AS fuel_used_pct,
  coalesce(${p}after_hours_s, 0)::float8 AS after_hours_s, coalesce(${p}after_hours_m, 0)::float8 AS after_hours_m`;

/** A row of zero sums (a UNION branch that only carries a count). */
const zeroSums = Array.from({ length: 13 }, () => '0').join(', ');

/** Sums of sums: a level above the one `sumColumns` came from. */
const sumsOfSums = `sum(distance_m)::float8 AS distance_m, sum(driving_s)::float8 AS driving_s, sum(idle_s)::float8 AS idle_s,
  sum(engine_s)::float8 AS engine_s, sum(stops)::int AS stops, max(top_speed_kmh)::float8 AS top_speed_kmh, sum(overspeed_s)::float8 AS overspeed_s,
  sum(overspeed_events)::int AS overspeed_events, sum(harsh_acceleration)::int AS harsh_acceleration, sum(harsh_braking)::int AS harsh_braking,
  sum(fuel_used_pct)::float8 AS fuel_used_pct, sum(after_hours_s)::float8 AS after_hours_s, sum(after_hours_m)::float8 AS after_hours_m`;

/**
 * The rank of a row by each sort key: the same derived figures as contract/api/insights.ts
 * (shares, rates, the score) computed from the row's sums, so PostgreSQL can order before paging.
 */
const idleShare = 'CASE WHEN driving_s + idle_s > 0 THEN idle_s / (driving_s + idle_s) ELSE 0 END';
const harshRate = 'CASE WHEN distance_m >= 1000 THEN (harsh_acceleration + harsh_braking) * 100000.0 / distance_m ELSE 0 END';
const overShare = 'CASE WHEN driving_s > 0 THEN overspeed_s / driving_s ELSE 0 END';
export const sortExpression: Record<InsightsSortKey, string> = {
  distanceKm: 'distance_m',
  drivingS: 'driving_s',
  idleS: 'idle_s',
  idleShare,
  engineS: 'engine_s',
  stops: 'stops',
  topSpeedKmh: 'top_speed_kmh',
  avgSpeedKmh: 'CASE WHEN driving_s > 0 THEN distance_m * 3.6 / driving_s ELSE 0 END',
  overspeedS: 'overspeed_s',
  overspeedEvents: 'overspeed_events',
  harshPer100Km: harshRate,
  fuelUsedPct: 'fuel_used_pct',
  afterHoursS: 'after_hours_s',
  vehicleDaysUsed: 'vehicle_days_used',
  score: `greatest(0, 100 - (${harshRate}) * 5 - (${overShare}) * 100 - (${idleShare}) * 20)`,
};

/**
 * Where vehicle-days come from: the rollup, or for one driver ($7) that driver's slot rows summed
 * per vehicle-day (few rows, found through insights_daily_driver_idx).
 */
const vehicleSource = (byDriver: boolean) =>
  byDriver ? `(SELECT day, device_id, ${sums} FROM insights_daily WHERE driver_slot = $7 GROUP BY day, device_id) AS slot_rows` : 'insights_vehicle_daily';

/**
 * Vehicles: one row per vehicle of the selection (zeros for the unused ones, which "least used"
 * must see), ranked and paged ($5 limit, $6 offset), plus one 'total' row with the fleet's sums
 * and the number of vehicles. One pass over the rows: the per-vehicle sums feed both.
 */
export function vehiclePageSql(sort: InsightsSortKey, order: 'asc' | 'desc', byDriver: boolean): string {
  return `WITH per_vehicle AS (
      SELECT device_id, ${sums}, count(*) FILTER (WHERE driving_s > 0) AS vehicle_days_used
        FROM ${vehicleSource(byDriver)} WHERE ${vehicleRows} GROUP BY device_id),
    ranked AS MATERIALIZED (
      SELECT d.id AS device_id, d.name, ${sumColumns('v.')}, coalesce(v.vehicle_days_used, 0)::int AS vehicle_days_used
        FROM devices d LEFT JOIN per_vehicle v ON v.device_id = d.id
       WHERE ($3::uuid IS NULL OR d.group_id = $3) AND ($4::uuid[] IS NULL OR d.id = ANY ($4))${byDriver ? ' AND v.device_id IS NOT NULL' : ''})
    (SELECT 'row' AS kind, device_id AS id, name, distance_m, driving_s, idle_s, engine_s, stops, top_speed_kmh, overspeed_s, overspeed_events,
            harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used, (vehicle_days_used > 0)::int AS vehicles_used,
            0 AS listed
       FROM ranked ORDER BY ${sortExpression[sort]} ${order} NULLS LAST, name, device_id LIMIT $5 OFFSET $6)
    UNION ALL
    SELECT 'total', NULL, NULL, ${sumsOfSums}, coalesce(sum(vehicle_days_used), 0)::int, count(*) FILTER (WHERE vehicle_days_used > 0)::int, count(*)::int
      FROM ranked`;
}

/**
 * Per day of the period ($1–$2), and the previous period's totals ($5–$6), from the vehicle rollup:
 * a vehicle-day is one row there, so "used" is a count, not a DISTINCT (which would force a sort).
 */
export const seriesAndPreviousSql = (byDriver: boolean) => `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, ${sumsOfSums}, count(*) FILTER (WHERE driving_s > 0)::int AS vehicle_days_used,
         count(*) FILTER (WHERE driving_s > 0)::int AS vehicles_used
    FROM ${vehicleSource(byDriver)} WHERE ${vehicleRows} GROUP BY day
  UNION ALL
  SELECT NULL, ${sumsOfSums}, coalesce(sum(vehicle_days_used), 0)::int, count(*) FILTER (WHERE vehicle_days_used > 0)::int
    FROM (SELECT ${sums}, count(*) FILTER (WHERE driving_s > 0) AS vehicle_days_used FROM ${vehicleSource(byDriver)}
           WHERE ${vehicleRows.replace('day BETWEEN $1 AND $2', 'day BETWEEN $5 AND $6')} GROUP BY device_id) AS previous_vehicles`;

/** Drivers who drove in the period (the nil slot, $8, is time nobody was assigned), ranked and paged. */
export function driverPageSql(sort: InsightsSortKey, order: 'asc' | 'desc'): string {
  return `WITH per_driver AS MATERIALIZED (
      SELECT driver_slot, ${sums}, count(*) FILTER (WHERE driving_s > 0) AS vehicle_days_used
        FROM insights_daily WHERE ${selectedRows} AND driver_slot <> $8 GROUP BY driver_slot)
    (SELECT 'row' AS kind, p.driver_slot AS id, dr.name, ${sumColumns('p.')}, p.vehicle_days_used::int,
            -- Vehicles a driver drove: counted for the page's drivers only (a DISTINCT over every row would force a sort).
            (SELECT count(DISTINCT s.device_id) FROM insights_daily s WHERE s.driver_slot = p.driver_slot AND s.day BETWEEN $1 AND $2 AND s.driving_s > 0)::int AS vehicles_used,
            0 AS listed
       FROM per_driver p LEFT JOIN drivers dr ON dr.id = p.driver_slot
      -- Bare names: the figures are per_driver's alone (drivers has no column of those names).
      ORDER BY ${sortExpression[sort]} ${order} NULLS LAST, dr.name, p.driver_slot LIMIT $6 OFFSET $7)
    UNION ALL
    SELECT 'total', NULL, NULL, ${zeroSums}, 0, 0, count(*)::int FROM per_driver`;
}
