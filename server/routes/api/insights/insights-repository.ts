import type { InsightsDay, InsightsDriver, InsightsQuery, InsightsResponse, InsightsTotals, InsightsVehicle } from '../../../../contract/api/insights.ts';
import { maxInsightsDays } from '../../../../contract/api/insights.ts';
import { dayWindow, daysBetween } from '../../../../contract/time/local-day.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { noDriverSlot } from '../../../insights/daily-job.ts';

/** The sums every level (fleet, day, vehicle, driver) reads from insights_daily. */
const sums = `coalesce(sum(distance_m), 0)::float8 AS distance_m, coalesce(sum(driving_s), 0)::float8 AS driving_s, coalesce(sum(idle_s), 0)::float8 AS idle_s,
  coalesce(sum(engine_s), 0)::float8 AS engine_s, coalesce(sum(stops), 0)::int AS stops, coalesce(max(top_speed_kmh), 0)::float8 AS top_speed_kmh,
  coalesce(sum(overspeed_s), 0)::float8 AS overspeed_s, coalesce(sum(overspeed_events), 0)::int AS overspeed_events,
  coalesce(sum(harsh_acceleration), 0)::int AS harsh_acceleration, coalesce(sum(harsh_braking), 0)::int AS harsh_braking,
  coalesce(sum(fuel_used_pct), 0)::float8 AS fuel_used_pct, coalesce(sum(after_hours_s), 0)::float8 AS after_hours_s,
  coalesce(sum(after_hours_m), 0)::float8 AS after_hours_m,
  count(DISTINCT device_id) FILTER (WHERE driving_s > 0)::int AS vehicles_used,
  count(DISTINCT (device_id, day)) FILTER (WHERE driving_s > 0)::int AS vehicle_days_used`;

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
  const filter = `($3::uuid IS NULL OR device_id IN (SELECT id FROM devices WHERE group_id = $3)) AND ($4::uuid IS NULL OR device_id = $4)
    AND ($5::uuid IS NULL OR driver_slot = $5)`;
  const selection = [q.groupId ?? null, q.deviceId ?? null, q.driverId ?? null];
  const period = [q.from, q.to, ...selection];
  const total = await db.query<SumRow>(`SELECT ${sums} FROM insights_daily WHERE day BETWEEN $1 AND $2 AND ${filter}`, period);
  const before = await db.query<SumRow>(`SELECT ${sums} FROM insights_daily WHERE day BETWEEN $1 AND $2 AND ${filter}`, [previous.from, previous.to, ...selection]);
  const byDay = await db.query<SumRow & { day: string }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${sums} FROM insights_daily WHERE day BETWEEN $1 AND $2 AND ${filter} GROUP BY day`, period);
  // Every vehicle of the selection, used or not: "least used" must see the ones that never moved.
  const byVehicle = await db.query<SumRow & { device_id: string }>(
    `SELECT v.id AS device_id, ${sums.replaceAll('device_id', 'f.device_id')} FROM devices v
       LEFT JOIN insights_daily f ON f.device_id = v.id AND f.day BETWEEN $1 AND $2 AND ($5::uuid IS NULL OR f.driver_slot = $5)
      WHERE ($3::uuid IS NULL OR v.group_id = $3) AND ($4::uuid IS NULL OR v.id = $4) GROUP BY v.id`,
    period,
  );
  const byDriver = await db.query<SumRow & { driver_slot: string }>(
    `SELECT driver_slot, ${sums} FROM insights_daily WHERE day BETWEEN $1 AND $2 AND ${filter} AND driver_slot <> $6 GROUP BY driver_slot`, [...period, noDriverSlot],
  );
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
  const vehicles: InsightsVehicle[] = byVehicle.rows.map((r) => ({ deviceId: r.device_id, ...totalsOf(r) }));
  const drivers: InsightsDriver[] = byDriver.rows.map((r) => {
    const t = totalsOf(r);
    return { driverId: r.driver_slot, score: driverScore(t), ...t };
  });
  return {
    from: q.from, to: q.to, previousFrom: previous.from, previousTo: previous.to, timeZone, totals: totalsOf(total.rows[0]), previous: totalsOf(before.rows[0]),
    trips: trips.rows[0]?.n ?? 0, alertsByType: Object.fromEntries(alerts.rows.map((r) => [r.type, r.n])), series, vehicles, drivers,
  };
}
