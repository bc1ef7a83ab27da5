import type { InsightsDay, InsightsDriver, InsightsQuery, InsightsResponse, InsightsTotals, InsightsVehicle } from '../../../../contract/api/insights.ts';
import { maxInsightsDays } from '../../../../contract/api/insights.ts';
import { dayWindow, daysBetween } from '../../../../contract/time/local-day.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { noDriverSlot } from '../../../insights/daily-job.ts';

/**
 * The sums every level (day, vehicle, driver, previous period) reads, over rows with the figure
 * columns; `used` counts vehicles and vehicle-days with driving. Levels read the `vd`
 * pre-aggregation (one row per vehicle-day) so counting needs no DISTINCT over (vehicle, day).
 */
const sumsOf = (used: string) => `coalesce(sum(distance_m), 0)::float8 AS distance_m, coalesce(sum(driving_s), 0)::float8 AS driving_s,
  coalesce(sum(idle_s), 0)::float8 AS idle_s, coalesce(sum(engine_s), 0)::float8 AS engine_s, coalesce(sum(stops), 0)::int AS stops,
  coalesce(max(top_speed_kmh), 0)::float8 AS top_speed_kmh, coalesce(sum(overspeed_s), 0)::float8 AS overspeed_s,
  coalesce(sum(overspeed_events), 0)::int AS overspeed_events, coalesce(sum(harsh_acceleration), 0)::int AS harsh_acceleration,
  coalesce(sum(harsh_braking), 0)::int AS harsh_braking, coalesce(sum(fuel_used_pct), 0)::float8 AS fuel_used_pct,
  coalesce(sum(after_hours_s), 0)::float8 AS after_hours_s, coalesce(sum(after_hours_m), 0)::float8 AS after_hours_m, ${used}`;
/** One row per vehicle-day of the selection ($1–$5: from, to, group, vehicle, driver). */
const vehicleDays = `WITH vd AS (
  SELECT device_id, day, sum(distance_m) AS distance_m, sum(driving_s) AS driving_s, sum(idle_s) AS idle_s, sum(engine_s) AS engine_s,
         sum(stops) AS stops, max(top_speed_kmh) AS top_speed_kmh, sum(overspeed_s) AS overspeed_s, sum(overspeed_events) AS overspeed_events,
         sum(harsh_acceleration) AS harsh_acceleration, sum(harsh_braking) AS harsh_braking, sum(fuel_used_pct) AS fuel_used_pct,
         sum(after_hours_s) AS after_hours_s, sum(after_hours_m) AS after_hours_m
    FROM insights_daily
   WHERE day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3))
     AND ($4::uuid IS NULL OR device_id = $4) AND ($5::uuid IS NULL OR driver_slot = $5)
   GROUP BY device_id, day)`;

interface SumRow {
  distance_m: number; driving_s: number; idle_s: number; engine_s: number; stops: number; top_speed_kmh: number; overspeed_s: number; overspeed_events: number;
  harsh_acceleration: number; harsh_braking: number; fuel_used_pct: number; after_hours_s: number; after_hours_m: number; vehicles_used: number; vehicle_days_used: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function totalsOf(r: SumRow | undefined): InsightsTotals {
  const s = r ?? { distance_m: 0, driving_s: 0, idle_s: 0, engine_s: 0, stops: 0, top_speed_kmh: 0, overspeed_s: 0, overspeed_events: 0, harsh_acceleration: 0, harsh_braking: 0, fuel_used_pct: 0, after_hours_s: 0, after_hours_m: 0, vehicles_used: 0, vehicle_days_used: 0 };
  const km = s.distance_m / 1000;
  const harsh = s.harsh_acceleration + s.harsh_braking;
  return {
    distanceKm: round(km, 2), drivingS: Math.round(s.driving_s), idleS: Math.round(s.idle_s), engineS: Math.round(s.engine_s),
    idleShare: s.driving_s + s.idle_s > 0 ? round(s.idle_s / (s.driving_s + s.idle_s), 4) : 0, stops: s.stops, topSpeedKmh: round(s.top_speed_kmh),
    avgSpeedKmh: s.driving_s > 0 ? round(km / (s.driving_s / 3600)) : 0, overspeedS: Math.round(s.overspeed_s), overspeedEvents: s.overspeed_events,
    harshAcceleration: s.harsh_acceleration, harshBraking: s.harsh_braking, harshPer100Km: km >= 1 ? round((harsh / km) * 100, 2) : 0,
    fuelUsedPct: round(s.fuel_used_pct), afterHoursS: Math.round(s.after_hours_s), afterHoursKm: round(s.after_hours_m / 1000, 2),
    vehiclesUsed: s.vehicles_used, vehicleDaysUsed: s.vehicle_days_used,
  };
}

/** The fleet's sums from the per-vehicle ones (no second pass over the rows). */
function addUp(rows: readonly SumRow[]): SumRow {
  const total = { distance_m: 0, driving_s: 0, idle_s: 0, engine_s: 0, stops: 0, top_speed_kmh: 0, overspeed_s: 0, overspeed_events: 0, harsh_acceleration: 0, harsh_braking: 0, fuel_used_pct: 0, after_hours_s: 0, after_hours_m: 0, vehicles_used: 0, vehicle_days_used: 0 };
  for (const r of rows) {
    for (const key of Object.keys(total) as (keyof SumRow)[]) total[key] = key === 'top_speed_kmh' ? Math.max(total[key], r[key]) : total[key] + r[key];
  }
  return total;
}

/** contract/api/insights.ts InsightsDriver: 100 minus penalties, never below 0. */
export function driverScore(t: InsightsTotals): number {
  const overShare = t.drivingS > 0 ? t.overspeedS / t.drivingS : 0;
  return round(Math.max(0, 100 - t.harshPer100Km * 5 - overShare * 100 - t.idleShare * 20));
}

function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to).length;
  const start = Date.parse(`${from}T00:00:00Z`);
  const day = (offset: number) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-days), to: day(-1) };
}

/** The period, its previous one, and the selection's figures (RLS and group scope apply underneath). */
export async function fleetInsights(db: DbSession, q: InsightsQuery, timeZone: string): Promise<InsightsResponse> {
  if (q.to < q.from) throw new ApiError(400, 'invalid_input', 'to must not be before from', { field: 'to', reason: 'range-reversed' });
  const days = daysBetween(q.from, q.to, maxInsightsDays + 1);
  if (days.length > maxInsightsDays) throw new ApiError(400, 'invalid_input', `A period may span at most ${maxInsightsDays} days`, { field: 'to', reason: 'range-too-long', params: { maxDays: maxInsightsDays } });
  const previous = previousPeriod(q.from, q.to);
  const selection = [q.groupId ?? null, q.deviceId ?? null, q.driverId ?? null];
  const period = [q.from, q.to, ...selection];
  const used = (per: string) => `count(*) FILTER (WHERE driving_s > 0)::int AS vehicle_days_used, ${per} AS vehicles_used`;
  const byVehicle = await db.query<SumRow & { device_id: string }>(`${vehicleDays} SELECT device_id, ${sumsOf(used('(count(*) FILTER (WHERE driving_s > 0) > 0)::int'))} FROM vd GROUP BY device_id`, period);
  const byDay = await db.query<SumRow & { day: string }>(`${vehicleDays} SELECT to_char(day, 'YYYY-MM-DD') AS day, ${sumsOf(used('count(*) FILTER (WHERE driving_s > 0)::int'))} FROM vd GROUP BY day`, period);
  const before = await db.query<SumRow>(`${vehicleDays} SELECT ${sumsOf(used('count(DISTINCT device_id) FILTER (WHERE driving_s > 0)::int'))} FROM vd`, [previous.from, previous.to, ...selection]);
  const byDriver = await db.query<SumRow & { driver_slot: string }>(
    `SELECT driver_slot, ${sumsOf('count(DISTINCT device_id) FILTER (WHERE driving_s > 0)::int AS vehicles_used, count(*) FILTER (WHERE driving_s > 0)::int AS vehicle_days_used')}
       FROM insights_daily WHERE day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3))
        AND ($4::uuid IS NULL OR device_id = $4) AND ($5::uuid IS NULL OR driver_slot = $5) AND driver_slot <> $6 GROUP BY driver_slot`,
    [...period, noDriverSlot],
  );
  // Every vehicle of the selection, used or not: "least used" must see the ones that never moved.
  const selected = await db.query<{ id: string }>('SELECT id FROM devices WHERE ($1::uuid IS NULL OR group_id = $1) AND ($2::uuid IS NULL OR id = $2)', [q.groupId ?? null, q.deviceId ?? null]);
  const window = { start: dayWindow(q.from, timeZone).start, end: dayWindow(q.to, timeZone).end };
  const tripDevices = `($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3)) AND ($4::uuid IS NULL OR device_id = $4)`;
  const trips = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM trips WHERE start_time >= to_timestamp($1 / 1000.0) AND start_time < to_timestamp($2 / 1000.0) AND ${tripDevices}`,
    [window.start, window.end, q.groupId ?? null, q.deviceId ?? null],
  );
  const alerts = await db.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM alerts WHERE opened_at >= to_timestamp($1 / 1000.0) AND opened_at < to_timestamp($2 / 1000.0) AND ${tripDevices} GROUP BY type`,
    [window.start, window.end, q.groupId ?? null, q.deviceId ?? null],
  );
  const dayRows = new Map(byDay.rows.map((r) => [r.day, r]));
  const series: InsightsDay[] = days.map((day) => {
    const t = totalsOf(dayRows.get(day));
    return { day, distanceKm: t.distanceKm, drivingS: t.drivingS, idleS: t.idleS, overspeedS: t.overspeedS, harshEvents: t.harshAcceleration + t.harshBraking, vehiclesUsed: t.vehiclesUsed };
  });
  const vehicleRows = new Map(byVehicle.rows.map((r) => [r.device_id, r]));
  const vehicles: InsightsVehicle[] = selected.rows.map((v) => ({ deviceId: v.id, ...totalsOf(vehicleRows.get(v.id)) }));
  const drivers: InsightsDriver[] = byDriver.rows.map((r) => {
    const t = totalsOf(r);
    return { driverId: r.driver_slot, score: driverScore(t), ...t };
  });
  return {
    from: q.from, to: q.to, previousFrom: previous.from, previousTo: previous.to, timeZone, totals: totalsOf(addUp(byVehicle.rows)), previous: totalsOf(before.rows[0]),
    trips: trips.rows[0]?.n ?? 0, alertsByType: Object.fromEntries(alerts.rows.map((r) => [r.type, r.n])), series, vehicles, drivers,
  };
}
