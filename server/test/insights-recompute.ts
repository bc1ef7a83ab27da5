import { localDay, dayWindow } from '../../contract/time/local-day.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { dailyFigures, type DailyFigures, type DayFix, type DriverPeriod } from '../insights/daily-figures.ts';
import { figureRules, noDriverSlot } from '../insights/daily-job.ts';
import { spanLengths, spanStart } from '../insights/spans.ts';

export type FigureRow = Omit<DailyFigures, 'driverId'> & { deviceId: string; day: string; driverId: string | null };
export const rowKey = (r: FigureRow) => `${r.deviceId}|${r.day}|${r.driverId ?? '-'}`;

/**
 * Every daily figure of a tenant computed from scratch: all stored positions in one read, put on
 * days fix by fix with the time-zone database (not the job's windows), and all assignments. The
 * "done when" of issue 13 compares this with what the incremental job kept.
 */
export async function recomputeFromRaw(db: FleetDb, tenantId: string): Promise<Map<string, FigureRow>> {
  return db.withTenant(tenantId, async (session) => {
    const settings = await loadMonitoringSettings(session, tenantId);
    const fixes = await session.query<DayFix & { device_id: string }>(
      `SELECT device_id, round(extract(epoch FROM fix_time) * 1000)::float8 AS t, latitude AS lat, longitude AS lon, speed_kmh::float8 AS "speedKmh", ignition,
              (attributes->>'fuelLevelPercent')::float8 AS "fuelPct"
         FROM positions WHERE attributes IS NULL OR attributes->>'suspect' IS NULL ORDER BY device_id, fix_time`,
    );
    const periods = await session.query<DriverPeriod & { device_id: string }>(
      `SELECT device_id, driver_id AS "driverId", extract(epoch FROM starts_at)::float8 * 1000 AS "from", extract(epoch FROM ends_at)::float8 * 1000 AS "to" FROM driver_assignments`,
    );
    const limits = await session.query<{ device_id: string; speed_limit_kmh: number | null }>('SELECT device_id, speed_limit_kmh FROM device_state');
    const byDay = new Map<string, DayFix[]>();
    for (const f of fixes.rows) {
      const key = `${f.device_id}|${localDay(f.t, settings.timeZone)}`;
      const list = byDay.get(key) ?? [];
      list.push(f);
      byDay.set(key, list);
    }
    const out = new Map<string, FigureRow>();
    for (const [key, list] of byDay) {
      const [deviceId = '', day = ''] = key.split('|');
      const rules = figureRules(settings, limits.rows.find((l) => l.device_id === deviceId)?.speed_limit_kmh ?? null);
      for (const f of dailyFigures(list, periods.rows.filter((p) => p.device_id === deviceId), rules, dayWindow(day, settings.timeZone))) {
        const row = { ...f, deviceId, day };
        out.set(rowKey(row), row);
      }
    }
    return out;
  });
}

/** What the incremental job stored, in the same shape. */
export async function storedFigures(db: FleetDb, tenantId: string): Promise<Map<string, FigureRow & { computedAt: number }>> {
  return db.withTenant(tenantId, async (session) => {
    const rows = await session.query<FigureRow & { computedAt: number }>(
      `SELECT device_id AS "deviceId", to_char(day, 'YYYY-MM-DD') AS day, nullif(driver_slot, $1::uuid) AS "driverId", fixes, distance_m AS "distanceM",
              driving_s AS "drivingS", idle_s AS "idleS", engine_s AS "engineS", top_speed_kmh::float8 AS "topSpeedKmh", stops, overspeed_s AS "overspeedS",
              overspeed_events AS "overspeedEvents", harsh_acceleration AS "harshAcceleration", harsh_braking AS "harshBraking", fuel_used_pct AS "fuelUsedPct",
              after_hours_s AS "afterHoursS", after_hours_m AS "afterHoursM", extract(epoch FROM first_fix)::float8 * 1000 AS "firstFix",
              extract(epoch FROM last_fix)::float8 * 1000 AS "lastFix", extract(epoch FROM computed_at)::float8 * 1000 AS "computedAt"
         FROM insights_daily`,
      [noDriverSlot],
    );
    return new Map(rows.rows.map((r) => [rowKey(r), r]));
  });
}

/** One row of a rollup above the daily figures (migration 138); `used`: days_used, vehicles_used or vehicle_days_used. */
export interface RollupRow {
  distanceM: number; drivingS: number; idleS: number; engineS: number; topSpeedKmh: number; stops: number; overspeedS: number; overspeedEvents: number;
  harshAcceleration: number; harshBraking: number; fuelUsedPct: number | null; afterHoursS: number; afterHoursM: number; used: number;
}

const figureKeys = ['distanceM', 'drivingS', 'idleS', 'engineS', 'stops', 'overspeedS', 'overspeedEvents', 'harshAcceleration', 'harshBraking', 'afterHoursS', 'afterHoursM'] as const;

function addTo(into: Map<string, RollupRow>, key: string, row: Omit<RollupRow, 'used'>, used: number): void {
  const was = into.get(key);
  if (!was) {
    const { distanceM, drivingS, idleS, engineS, topSpeedKmh, stops, overspeedS, overspeedEvents, harshAcceleration, harshBraking, fuelUsedPct, afterHoursS, afterHoursM } = row;
    into.set(key, { distanceM, drivingS, idleS, engineS, topSpeedKmh, stops, overspeedS, overspeedEvents, harshAcceleration, harshBraking, fuelUsedPct, afterHoursS, afterHoursM, used });
    return;
  }
  for (const k of figureKeys) was[k] += row[k];
  was.topSpeedKmh = Math.max(was.topSpeedKmh, row.topSpeedKmh);
  // SQL's sum(): NULL only when every summed value is NULL ("not reported").
  was.fuelUsedPct = was.fuelUsedPct === null ? row.fuelUsedPct : row.fuelUsedPct === null ? was.fuelUsedPct : was.fuelUsedPct + row.fuelUsedPct;
  was.used += used;
}

/**
 * The rollups of migration 138 summed here from daily figure rows (the recompute from raw), with
 * the span arithmetic of server/insights/spans.ts rather than the SQL that keeps them: keys
 * `v|span|start|device` (vehicle spans of 2–256 days), `f|day` (the fleet's days) and
 * `d|span|start|driver` (driver spans of 1–256 days).
 */
export function rollupsOf(rows: Iterable<FigureRow>): Map<string, RollupRow> {
  const vehicleDays = new Map<string, RollupRow>();
  const out = new Map<string, RollupRow>();
  for (const r of rows) {
    addTo(vehicleDays, `${r.deviceId}|${r.day}`, r, 0);
    if (r.driverId === null) continue;
    for (const span of [1, ...spanLengths]) addTo(out, `d|${span}|${spanStart(r.day, span)}|${r.driverId}`, r, r.drivingS > 0 ? 1 : 0);
  }
  for (const [key, v] of vehicleDays) {
    const [deviceId = '', day = ''] = key.split('|');
    const used = v.drivingS > 0 ? 1 : 0;
    addTo(out, `f|${day}`, v, used);
    for (const span of spanLengths) addTo(out, `v|${span}|${spanStart(day, span)}|${deviceId}`, v, used);
  }
  return out;
}

/** The rollups the job keeps, keyed as `rollupsOf`. */
export async function storedRollups(db: FleetDb, tenantId: string): Promise<Map<string, RollupRow>> {
  return db.withTenant(tenantId, async (session) => {
    const columns = `distance_m AS "distanceM", driving_s AS "drivingS", idle_s AS "idleS", engine_s AS "engineS", top_speed_kmh::float8 AS "topSpeedKmh", stops,
      overspeed_s AS "overspeedS", overspeed_events AS "overspeedEvents", harsh_acceleration AS "harshAcceleration", harsh_braking AS "harshBraking",
      fuel_used_pct AS "fuelUsedPct", after_hours_s AS "afterHoursS", after_hours_m AS "afterHoursM"`;
    const rows = await session.query<RollupRow & { key: string }>(
      `SELECT 'v|' || span || '|' || to_char(start_day, 'YYYY-MM-DD') || '|' || device_id AS key, ${columns}, days_used AS used FROM insights_vehicle_spans
       UNION ALL SELECT 'f|' || to_char(day, 'YYYY-MM-DD'), ${columns}, vehicles_used FROM insights_fleet_daily
       UNION ALL SELECT 'd|' || span || '|' || to_char(start_day, 'YYYY-MM-DD') || '|' || driver_slot, ${columns}, vehicle_days_used FROM insights_driver_spans`,
    );
    return new Map(rows.rows.map(({ key, ...r }) => [key, r]));
  });
}
