import type { InsightsDay, InsightsDriver, InsightsQuery, InsightsResponse, InsightsTotals, InsightsVehicle } from '../../../../contract/api/insights.ts';
import { maxInsightsDays } from '../../../../contract/api/insights.ts';
import { dayWindow, daysBetween } from '../../../../contract/time/local-day.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { noDriverSlot } from '../../../insights/daily-job.ts';
import { spanCover } from '../../../insights/spans.ts';
import type { AnswerCache, AnswerStamp } from './insights-answer-cache.ts';
import { driverPageSql, seriesSql, vehiclePageSql, type InsightsSource } from './insights-sql.ts';

interface SumRow {
  distance_m: number; driving_s: number; idle_s: number; engine_s: number; stops: number; top_speed_kmh: number; overspeed_s: number; overspeed_events: number;
  /** fuel_used_pct: NULL when no vehicle-day summed reported a fuel level. */
  harsh_acceleration: number; harsh_braking: number; fuel_used_pct: number | null; after_hours_s: number; after_hours_m: number; vehicles_used: number; vehicle_days_used: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function totalsOf(r: SumRow | undefined): InsightsTotals {
  const s = r ?? { distance_m: 0, driving_s: 0, idle_s: 0, engine_s: 0, stops: 0, top_speed_kmh: 0, overspeed_s: 0, overspeed_events: 0, harsh_acceleration: 0, harsh_braking: 0, fuel_used_pct: null, after_hours_s: 0, after_hours_m: 0, vehicles_used: 0, vehicle_days_used: 0 };
  const km = s.distance_m / 1000;
  const harsh = s.harsh_acceleration + s.harsh_braking;
  return {
    distanceKm: round(km, 2), drivingS: Math.round(s.driving_s), idleS: Math.round(s.idle_s), engineS: Math.round(s.engine_s),
    idleShare: s.driving_s + s.idle_s > 0 ? round(s.idle_s / (s.driving_s + s.idle_s), 4) : 0, stops: s.stops, topSpeedKmh: round(s.top_speed_kmh),
    avgSpeedKmh: s.driving_s > 0 ? round(km / (s.driving_s / 3600)) : 0, overspeedS: Math.round(s.overspeed_s), overspeedEvents: s.overspeed_events,
    harshAcceleration: s.harsh_acceleration, harshBraking: s.harsh_braking, harshPer100Km: km >= 1 ? round((harsh / km) * 100, 2) : 0,
    fuelUsedPct: s.fuel_used_pct === null ? null : round(s.fuel_used_pct), afterHoursS: Math.round(s.after_hours_s), afterHoursKm: round(s.after_hours_m / 1000, 2),
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

type PageRow = SumRow & { kind: 'row' | 'total' | 'previous'; id: string | null; name: string | null; listed: number };

/**
 * The selection beyond the API's query: several vehicles at once (a scheduled report's list).
 * `deviceIds` and the query's `deviceId` are not combined; the route passes only the query.
 */
export interface InsightsSelection {
  deviceIds?: readonly string[];
}

/** The period, its previous one, and the selection's figures (RLS and group scope apply underneath). */
/** The figures of an answer as read from PostgreSQL: what `AnswerCache` keeps (never mutated). */
export interface Figures {
  vehicleRows: readonly PageRow[];
  dayRows: readonly (SumRow & { day: string })[];
  driverRows: readonly PageRow[];
}

/**
 * The period, its previous one, and the selection's figures (RLS and group scope apply underneath).
 * With `cache`, figures made under the same versions of their days and names are reused.
 */
export async function fleetInsights(
  db: DbSession, q: InsightsQuery, timeZone: string, more: InsightsSelection = {}, cache?: AnswerCache<Figures>,
): Promise<InsightsResponse> {
  if (q.to < q.from) throw new ApiError(400, 'invalid_input', 'to must not be before from', { field: 'to', reason: 'range-reversed' });
  const days = daysBetween(q.from, q.to, maxInsightsDays + 1);
  if (days.length > maxInsightsDays) throw new ApiError(400, 'invalid_input', `A period may span at most ${maxInsightsDays} days`, { field: 'to', reason: 'range-too-long', params: { maxDays: maxInsightsDays } });
  const previous = previousPeriod(q.from, q.to);
  const sort = q.sort ?? 'distanceKm';
  const order = q.order ?? 'desc';
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const driverOffset = q.driverOffset ?? 0;
  const devices = more.deviceIds ? [...more.deviceIds] : q.deviceId ? [q.deviceId] : null;
  const selection = [q.from, q.to, q.groupId ?? null, devices];
  const driver = q.driverId ?? null;
  const source: InsightsSource = driver ? { kind: 'driver' }
    : q.groupId !== undefined && devices === null ? { kind: 'group' }
    : { kind: 'spans', narrowed: q.groupId !== undefined || devices !== null };
  const current = spanCover(q.from, q.to);
  const pieces = [...spanCover(previous.from, previous.to).map((s) => ({ ...s, previous: true })), ...current.map((s) => ({ ...s, previous: false }))];
  const vehicleValues = driver
    ? [...selection, limit, offset, driver, previous.from]
    : [pieces.map((p) => p.days), pieces.map((p) => p.start), q.groupId ?? null, devices, limit, offset, pieces.map((p) => p.previous)];
  const fromSpans = source.kind === 'group' || (source.kind === 'spans' && !source.narrowed);
  const driverValues = [...selection, driver, limit, driverOffset, noDriverSlot, ...(fromSpans ? [current.map((p) => p.days), current.map((p) => p.start)] : [])];
  const figures = async (): Promise<Figures> => ({
    vehicleRows: (await db.query<PageRow>({ text: vehiclePageSql(sort, order, source), values: vehicleValues })).rows,
    dayRows: (await db.query<SumRow & { day: string }>(seriesSql(source), [...selection, ...(driver ? [driver] : [])])).rows,
    driverRows: (await db.query<PageRow>({ text: driverPageSql(sort, order, source), values: driverValues })).rows,
  });
  // The figures are the same until a day they read or a name they show changes (migration 147):
  // a kept answer is reused while its stamp is; trips and alerts are counted on every request.
  const { vehicleRows, dayRows, driverRows } = cache
    ? await cache.get(JSON.stringify([q.from, q.to, q.groupId ?? null, devices, driver, sort, order, limit, offset, driverOffset]),
      await answerStamp(db, previous.from, q.to), figures)
    : await figures();
  const window = { start: dayWindow(q.from, timeZone).start, end: dayWindow(q.to, timeZone).end };
  const counted = await db.query<{ kind: string; type: string | null; n: number }>(countsSql, [window.start, window.end, q.groupId ?? null, devices]);

  const byDay = new Map(dayRows.map((r) => [r.day, r]));
  const series: InsightsDay[] = days.map((day) => {
    const t = totalsOf(byDay.get(day));
    return { day, distanceKm: t.distanceKm, drivingS: t.drivingS, idleS: t.idleS, overspeedS: t.overspeedS, harshEvents: t.harshAcceleration + t.harshBraking, vehiclesUsed: t.vehiclesUsed };
  });
  const rowsOf = (rows: readonly PageRow[]) => rows.filter((r) => r.kind === 'row');
  const totalOf = (rows: readonly PageRow[]) => rows.find((r) => r.kind === 'total');
  const vehicles: InsightsVehicle[] = rowsOf(vehicleRows).map((r) => {
    const t = totalsOf(r);
    return { deviceId: r.id ?? '', name: r.name ?? '', score: driverScore(t), ...t };
  });
  const drivers: InsightsDriver[] = rowsOf(driverRows).map((r) => {
    const t = totalsOf(r);
    return { driverId: r.id ?? '', name: r.name, score: driverScore(t), ...t };
  });
  return {
    from: q.from, to: q.to, previousFrom: previous.from, previousTo: previous.to, timeZone,
    totals: totalsOf(totalOf(vehicleRows)), previous: totalsOf(vehicleRows.find((r) => r.kind === 'previous')),
    trips: counted.rows.find((r) => r.kind === 'trips')?.n ?? 0,
    alertsByType: Object.fromEntries(counted.rows.filter((r) => r.kind === 'alert' && r.type !== null).map((r) => [r.type, r.n])),
    series, vehicles, vehicleCount: totalOf(vehicleRows)?.listed ?? 0, drivers, driverCount: totalOf(driverRows)?.listed ?? 0,
    sort, order, offset, driverOffset, limit,
  };
}

/** Trips that began in the window, and alerts opened in it by type ($1, $2: epoch ms; $3 group, $4 vehicles). */
const countsSql = `WITH selected AS (SELECT id FROM devices WHERE ($3::uuid IS NULL OR group_id = $3) AND ($4::uuid[] IS NULL OR id = ANY ($4)))
  SELECT 'trips' AS kind, NULL AS type, count(*)::int AS n FROM trips
   WHERE start_time >= to_timestamp($1 / 1000.0) AND start_time < to_timestamp($2 / 1000.0) AND device_id IN (SELECT id FROM selected)
  UNION ALL
  SELECT 'alert', type, count(*)::int FROM alerts
   WHERE opened_at >= to_timestamp($1 / 1000.0) AND opened_at < to_timestamp($2 / 1000.0) AND device_id IN (SELECT id FROM selected) GROUP BY type`;

/** $1–$2: the first and last day the answer reads (the previous period's first to the period's last). */
const stampSql = `SELECT (SELECT app_current_tenant())::text || '|' || coalesce(array_to_string((SELECT app_current_group_ids()), ','), '*') || '|'
         || (SELECT app_support_allows(false))::text AS reader,
       coalesce((SELECT string_agg(to_char(day, 'YYYYMMDD') || ':' || version, ',' ORDER BY day) FROM insights_day_versions WHERE day BETWEEN $1 AND $2), '')
         || '|' || coalesce((SELECT version FROM insights_name_versions), 0)::text AS versions`;

export async function answerStamp(db: DbSession, from: string, to: string): Promise<AnswerStamp> {
  const row = (await db.query<AnswerStamp>(stampSql, [from, to])).rows[0];
  if (!row) throw new Error('insights answer stamp: no row');
  return row;
}
