import type { InsightsSortKey } from '../../../../contract/api/insights.ts';

/**
 * The statements behind GET /api/insights. The selection is $3 group, $4 vehicles (an array) over
 * the days $1–$2. Lists are ranked and paged in PostgreSQL, so a fleet of 10,000 sends one page,
 * not every vehicle (docs/decisions/0220-insights-answer-is-totals-and-a-ranked-page.md). Periods
 * are read from the rollups of migration 138 — a few spans per vehicle or driver, one row per day
 * for the fleet — instead of every vehicle-day (docs/decisions/0330-insights-from-spans.md).
 */

/** Rows of the selected vehicles ($3 group, $4 vehicles); `p` qualifies device_id. */
const selected = (p = '') => `($3::uuid IS NULL OR ${p}device_id IN (SELECT id FROM devices WHERE group_id = $3)) AND ($4::uuid[] IS NULL OR ${p}device_id = ANY ($4))`;

/** Vehicle rollup rows of the selection over the days $1–$2. */
const vehicleRows = `day BETWEEN $1 AND $2 AND ${selected()}`;

/** Slot rows of the selection over the days $1–$2 ($5: one driver). */
const selectedRows = `day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3))
  AND ($4::uuid[] IS NULL OR device_id = ANY ($4)) AND ($5::uuid IS NULL OR driver_slot = $5)`;

/** The figure columns of every rollup table, in their order; `p` qualifies them. */
const figures = (p = '') => ['distance_m', 'driving_s', 'idle_s', 'engine_s', 'top_speed_kmh', 'stops', 'overspeed_s', 'overspeed_events', 'harsh_acceleration',
  'harsh_braking', 'fuel_used_pct', 'after_hours_s', 'after_hours_m'].map((c) => `${p}${c}`).join(', ');

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
 * Where a request's figures come from. `spans`: the selection's vehicles from their spans, the
 * fleet's days and the drivers' spans when nothing narrows the fleet. `group`: one group ($3) and
 * nothing else narrowing: the vehicles from their spans, the days and the drivers from the
 * group's rollups (migration 145) unless the group is marked stale. `driver`: one driver's slot
 * rows, few and found through insights_daily_driver_idx, since no rollup above them has a driver.
 */
export type InsightsSource = { kind: 'spans'; narrowed: boolean } | { kind: 'group' } | { kind: 'driver' };

/** The unscoped session's branch and the group-scoped one's: a one-time filter, so only one runs. */
const unscoped = '(SELECT app_current_group_ids()) IS NULL';
const scoped = '(SELECT app_current_group_ids()) IS NOT NULL';

/**
 * The group $3's rollups match its vehicles, or not (a vehicle moved or went since the job last
 * rebuilt them): a one-time filter too, so a stale group is read from the rows below, exactly.
 */
const groupFresh = 'NOT EXISTS (SELECT 1 FROM insights_group_stale WHERE group_id = $3)';
const groupStale = 'EXISTS (SELECT 1 FROM insights_group_stale WHERE group_id = $3)';

/**
 * The selection's vehicle figures over the period and the previous one, one row per span or day
 * with `previous` and `days_used` (vehicle-days with driving). From spans: the pieces of both
 * periods are $1 (lengths), $2 (first days) and $7 (whether a piece is the previous period's);
 * spans of 2 days or more come from insights_vehicle_spans, single days from
 * insights_vehicle_daily — both read from their covering keys alone. For one driver ($7; the
 * days $8 (the previous period's first) – $2), that driver's slot rows summed per vehicle-day.
 */
function vehiclePieces(source: InsightsSource): string {
  if (source.kind === 'driver') {
    return `SELECT device_id, day < $1 AS previous, ${sums}, (sum(driving_s) > 0)::int AS days_used
      FROM insights_daily WHERE driver_slot = $7 AND day BETWEEN $8 AND $2 AND ${selected()} GROUP BY day, device_id`;
  }
  return `SELECT s.device_id, b.previous, ${figures('s.')}, s.days_used
      FROM unnest($1::int[], $2::date[], $7::bool[]) AS b(span, start_day, previous)
      JOIN insights_vehicle_spans s ON s.span = b.span AND s.start_day = b.start_day
     WHERE b.span > 1 AND ${selected('s.')}
    UNION ALL
    SELECT v.device_id, b.previous, ${figures('v.')}, (v.driving_s > 0)::int
      FROM unnest($1::int[], $2::date[], $7::bool[]) AS b(span, start_day, previous)
      JOIN insights_vehicle_daily v ON v.day = b.start_day
     WHERE b.span = 1 AND ${selected('v.')}`;
}

/**
 * Vehicles: one row per vehicle of the selection (zeros for the unused ones, which "least used"
 * must see), ranked and paged ($5 limit, $6 offset); one 'total' row with the fleet's sums and
 * the number of vehicles; one 'previous' row with the previous period's. One pass over the pieces.
 */
export function vehiclePageSql(sort: InsightsSortKey, order: 'asc' | 'desc', source: InsightsSource): string {
  return `WITH per_vehicle AS MATERIALIZED (
      SELECT device_id, previous, ${sumsOfSums}, sum(days_used) AS vehicle_days_used FROM (${vehiclePieces(source)}) AS pieces GROUP BY device_id, previous),
    ranked AS MATERIALIZED (
      SELECT d.id AS device_id, d.name, ${sumColumns('v.')}, coalesce(v.vehicle_days_used, 0)::int AS vehicle_days_used
        FROM devices d LEFT JOIN per_vehicle v ON v.device_id = d.id AND NOT v.previous
       WHERE ($3::uuid IS NULL OR d.group_id = $3) AND ($4::uuid[] IS NULL OR d.id = ANY ($4))${source.kind === 'driver' ? ' AND v.device_id IS NOT NULL' : ''})
    (SELECT 'row' AS kind, device_id AS id, name, distance_m, driving_s, idle_s, engine_s, stops, top_speed_kmh, overspeed_s, overspeed_events,
            harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used, (vehicle_days_used > 0)::int AS vehicles_used,
            0 AS listed
       FROM ranked ORDER BY ${sortExpression[sort]} ${order} NULLS LAST, name, device_id LIMIT $5 OFFSET $6)
    UNION ALL
    SELECT 'total', NULL, NULL, ${sumsOfSums}, coalesce(sum(vehicle_days_used), 0)::int, count(*) FILTER (WHERE vehicle_days_used > 0)::int, count(*)::int
      FROM ranked
    UNION ALL
    SELECT 'previous', NULL, NULL, ${sumsOfSums}, coalesce(sum(vehicle_days_used), 0)::int, count(*) FILTER (WHERE vehicle_days_used > 0)::int, 0
      FROM per_vehicle WHERE previous`;
}

/** A day's figures as a SumRow from rows that already are one per vehicle-day. */
const perDay = `to_char(day, 'YYYY-MM-DD') AS day, ${sumsOfSums}, count(*) FILTER (WHERE driving_s > 0)::int AS vehicle_days_used,
  count(*) FILTER (WHERE driving_s > 0)::int AS vehicles_used`;

/**
 * Per day of the period ($1–$2). The whole fleet of an unscoped session: insights_fleet_daily,
 * one row per day. A group-scoped session or a narrowed selection: the selection's vehicle-day
 * rows. One driver ($7): that driver's slot rows summed per vehicle-day.
 */
export function seriesSql(source: InsightsSource): string {
  if (source.kind === 'driver') {
    return `SELECT ${perDay} FROM (SELECT day, device_id, ${sums} FROM insights_daily WHERE driver_slot = $5 AND ${vehicleRows} GROUP BY day, device_id) AS slot_rows
      GROUP BY day`;
  }
  const vehicleDays = `SELECT ${perDay} FROM insights_vehicle_daily WHERE ${vehicleRows}`;
  if (source.kind === 'group') {
    return `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${sumColumns()}, vehicles_used AS vehicle_days_used, vehicles_used
        FROM insights_group_daily WHERE group_id = $3 AND day BETWEEN $1 AND $2 AND ${groupFresh}
      UNION ALL
      ${vehicleDays} AND ${groupStale} GROUP BY day`;
  }
  if (source.narrowed) return `${vehicleDays} GROUP BY day`;
  return `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${sumColumns()}, vehicles_used AS vehicle_days_used, vehicles_used
      FROM insights_fleet_daily WHERE day BETWEEN $1 AND $2 AND ${unscoped}
    UNION ALL
    ${vehicleDays} AND ${scoped} GROUP BY day`;
}

/**
 * Drivers who drove in the period (the nil slot, $8, is time nobody was assigned), ranked and
 * paged. With nothing narrowing the fleet and an unscoped session, from the drivers' spans ($9
 * span lengths, $10 first days); for one group, from its drivers' spans (the same pieces);
 * otherwise from the selection's slot rows ($5: one driver).
 */
export function driverPageSql(sort: InsightsSortKey, order: 'asc' | 'desc', source: InsightsSource): string {
  const slotRows = `SELECT driver_slot, ${sums}, count(*) FILTER (WHERE driving_s > 0) AS vehicle_days_used
        FROM insights_daily WHERE ${selectedRows} AND driver_slot <> $8`;
  const fromSpans = `SELECT s.driver_slot, ${sums}, sum(s.vehicle_days_used) AS vehicle_days_used
        FROM unnest($9::int[], $10::date[]) AS b(span, start_day) JOIN insights_driver_spans s ON s.span = b.span AND s.start_day = b.start_day
       WHERE ${unscoped}`;
  const fromGroupSpans = `SELECT s.driver_slot, ${sums}, sum(s.vehicle_days_used) AS vehicle_days_used
        FROM unnest($9::int[], $10::date[]) AS b(span, start_day)
        JOIN insights_group_driver_spans s ON s.group_id = $3 AND s.span = b.span AND s.start_day = b.start_day
       WHERE ${groupFresh}`;
  const perDriver = source.kind === 'group'
    ? `${fromGroupSpans} GROUP BY s.driver_slot UNION ALL ${slotRows} AND ${groupStale} GROUP BY driver_slot`
    : source.kind === 'spans' && !source.narrowed
    ? `${fromSpans} GROUP BY s.driver_slot UNION ALL ${slotRows} AND ${scoped} GROUP BY driver_slot`
    : `${slotRows} GROUP BY driver_slot`;
  return `WITH per_driver AS MATERIALIZED (${perDriver})
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
