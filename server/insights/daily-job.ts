import { dayWindow } from '../../contract/time/local-day.ts';
import { loadMonitoringSettings, type MonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { DbSession, FleetDb } from '../db/fleet-db.ts';
import { DayFold, type DailyFigures, type DayFix, type DriverPeriod, type FigureRules } from './daily-figures.ts';
import { countedFix, foldsOn, readTails, tailOf, writeTails, type DayTail } from './day-tails.ts';
import type { DirtyDay } from './dirty-days.ts';
import { markDirtyDays } from './dirty-days.ts';

/** The nil uuid: insights_daily's driver_slot for time nobody was assigned. */
export const noDriverSlot = '00000000-0000-0000-0000-000000000000';

export interface DailyJobOptions {
  /** Dirty days taken per tenant per round. */
  batch?: number;
  log?: (message: string, error: unknown) => void;
}

/**
 * Recomputes the days ingest marked dirty (decision 0150): per tenant, it takes a batch of marks
 * in one short transaction (FOR UPDATE SKIP LOCKED skips marks a running ingest transaction holds,
 * so every fix it reads below has committed), then computes those days in a second one and
 * replaces their rows. Marks made meanwhile are new rows: their days run again next round. A
 * failed computation puts its marks back.
 */
export class DailyFiguresJob {
  private readonly db: FleetDb;
  private readonly batch: number;
  private readonly log: (message: string, error: unknown) => void;
  private running: Promise<number> | null = null;

  constructor(db: FleetDb, options: DailyJobOptions = {}) {
    this.db = db;
    this.batch = options.batch ?? 200;
    this.log = options.log ?? (() => undefined);
  }

  /** One round over every active tenant; returns how many vehicle-days (and stale groups) it computed. Rounds never overlap. */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Rounds until nothing is dirty (tests, shutdown, the benchmark). */
  async drain(): Promise<void> {
    // A round the timer started before the caller's marks were made may find nothing and end
    // the loop below at once: wait for it, then run rounds of our own.
    await this.running?.catch(() => undefined);
    while ((await this.runOnce()) > 0);
  }

  private async round(): Promise<number> {
    const tenants = await this.db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
    let computed = 0;
    for (const { tenant_id: tenantId } of tenants.rows) {
      try {
        computed += await this.tenantRound(tenantId);
      } catch (error) {
        this.log(`daily figures of tenant ${tenantId} failed`, error);
      }
    }
    return computed;
  }

  private async tenantRound(tenantId: string): Promise<number> {
    const marks = await this.db.withTenant(tenantId, async (db) => {
      const taken = await db.query<{ device_id: string; day: string; first_fix: number | null }>(
        `DELETE FROM insights_dirty_days WHERE (tenant_id, device_id, day) IN (
           SELECT tenant_id, device_id, day FROM insights_dirty_days ORDER BY day, device_id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING device_id, to_char(day, 'YYYY-MM-DD') AS day, round(extract(epoch FROM first_fix) * 1000)::float8 AS first_fix`,
        [this.batch],
      );
      return taken.rows.map((r): DirtyDay => ({ deviceId: r.device_id, day: r.day, firstFix: r.first_fix }));
    });
    // Groups a vehicle moved in or out of (migration 145): one rebuilt per round, whether or
    // not days are dirty; the dashboard reads a marked group from the rows below meanwhile.
    const groups = await this.db.withTenant(tenantId, async (db) => {
      const rebuilt = await db.query<{ n: number }>('SELECT insights_rebuild_stale_groups(1) AS n');
      return rebuilt.rows[0]?.n ?? 0;
    });
    if (marks.length === 0) return groups;
    try {
      await this.db.withTenant(tenantId, async (db) => {
        const settings = await loadMonitoringSettings(db, tenantId);
        await recomputeDays(db, marks, settings);
      });
    } catch (error) {
      await this.db.withTenant(tenantId, (db) => markDirtyDays(db, marks)).catch(() => undefined);
      throw error;
    }
    return marks.length + groups;
  }
}

/** The figure rules of one vehicle: its own limit where set, else the tenant's. */
export function figureRules(settings: MonitoringSettings, vehicleLimitKmh: number | null): FigureRules {
  return {
    timeZone: settings.timeZone, speedLimitKmh: vehicleLimitKmh ?? settings.speedLimitKmh, overspeedMarginKmh: settings.overspeedMarginKmh,
    allowedHours: settings.allowedHours, harshAccelerationMps2: settings.harshAccelerationMps2, harshBrakingMps2: settings.harshBrakingMps2, harshMaxGapS: settings.harshMaxGapS,
  };
}

/**
 * Reads one vehicle-day's fixes after `after` (ms; null: from midnight) and its driver periods
 * (the recompute in tests reads the day the same way).
 */
export async function readDay(db: DbSession, deviceId: string, window: { start: number; end: number }, after: number | null = null): Promise<{ fixes: DayFix[]; periods: DriverPeriod[] }> {
  // One after the other: a tenant session is one connection.
  const fixes = await db.query<DayFix>(
      `SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS t, latitude AS lat, longitude AS lon, speed_kmh::float8 AS "speedKmh", ignition,
              (attributes->>'fuelLevelPercent')::float8 AS "fuelPct"
         FROM positions WHERE device_id = $1 AND fix_time > to_timestamp($2 / 1000.0) AND fix_time < to_timestamp($3 / 1000.0)
          AND ${countedFix} ORDER BY fix_time`,
      [deviceId, after ?? window.start - 1, window.end],
  );
  const periods = await db.query<{ driverId: string; from: number; to: number | null }>(
      `SELECT driver_id AS "driverId", extract(epoch FROM starts_at)::float8 * 1000 AS "from", extract(epoch FROM ends_at)::float8 * 1000 AS "to"
         FROM driver_assignments WHERE device_id = $1 AND starts_at < to_timestamp($3 / 1000.0) AND coalesce(ends_at, 'infinity') > to_timestamp($2 / 1000.0)`,
      [deviceId, window.start, window.end],
  );
  return { fixes: fixes.rows, periods: periods.rows };
}

/**
 * Computes the days and replaces their rows (all slots of each vehicle-day). A day whose kept
 * fold covers everything before the mark's fixes is folded on with only the new ones (the
 * current day of a reporting fleet, every round); any other is read from midnight (decision 0290).
 */
export async function recomputeDays(db: DbSession, days: readonly DirtyDay[], settings: MonitoringSettings): Promise<void> {
  const deviceIds = [...new Set(days.map((d) => d.deviceId))];
  const limits = await db.query<{ device_id: string; speed_limit_kmh: number | null }>(
    'SELECT device_id, speed_limit_kmh FROM device_state WHERE device_id = ANY ($1::uuid[])', [deviceIds],
  );
  const limitOf = new Map(limits.rows.map((r) => [r.device_id, r.speed_limit_kmh]));
  const tails = await readTails(db, days);
  const rows: (DailyFigures & { deviceId: string; day: string })[] = [];
  const kept: DayTail[] = [];
  const emptied: DirtyDay[] = [];
  for (const mark of days) {
    const { deviceId, day } = mark;
    const window = dayWindow(day, settings.timeZone);
    const rules = figureRules(settings, limitOf.get(deviceId) ?? null);
    const rulesKey = JSON.stringify(rules);
    const tail = tailOf(tails, mark);
    const on = tail !== undefined && (await foldsOn(db, tail, mark, rulesKey, window.start));
    const { fixes, periods } = await readDay(db, deviceId, window, on ? tail.lastFix : null);
    const fold = new DayFold(periods, rules, window, on ? tail.state : undefined);
    for (const fix of fixes) fold.add(fix);
    for (const figures of fold.figures()) rows.push({ ...figures, deviceId, day });
    const last = fold.last;
    if (last === null) emptied.push(mark);
    // Nothing new (the last round folded these fixes already): the tail stays as it is.
    else if (!on || fixes.length > 0) kept.push({ deviceId, day, rules: rulesKey, lastFix: last.t, roundFrom: on ? tail.lastFix : null, roundFixes: fixes.length, state: fold.state() });
  }
  await writeTails(db, kept, emptied);
  const keys = [days.map((d) => d.deviceId), days.map((d) => d.day)];
  // The drivers these vehicle-days had: their rollups change as much as those of the new ones.
  const replaced = await db.query<{ driver_slot: string; day: string }>(
    `DELETE FROM insights_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))
     RETURNING driver_slot, to_char(day, 'YYYY-MM-DD') AS day`,
    keys,
  );
  await db.query('DELETE FROM insights_vehicle_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))', keys);
  const driverDays = new Map<string, { driver: string; day: string }>();
  for (const r of replaced.rows) driverDays.set(`${r.driver_slot}|${r.day}`, { driver: r.driver_slot, day: r.day });
  for (const r of rows) if (r.driverId !== null) driverDays.set(`${r.driverId}|${r.day}`, { driver: r.driverId, day: r.day });
  if (rows.length > 0) await insertDays(db, rows, keys);
  // The spans, fleet days and driver spans above these rows (migration 138), in the same transaction.
  const drivers = [...driverDays.values()].filter((d) => d.driver !== noDriverSlot);
  await db.query('SELECT insights_refresh_rollups($1::uuid[], $2::date[], $3::uuid[], $4::date[])', [...keys, drivers.map((d) => d.driver), drivers.map((d) => d.day)]);
}

/** Writes the slot rows of these vehicle-days and their vehicle rollup rows. */
async function insertDays(db: DbSession, rows: readonly (DailyFigures & { deviceId: string; day: string })[], keys: string[][]): Promise<void> {
  await db.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops,
            overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     SELECT app_current_tenant(), x.day, x."deviceId", coalesce(x."driverId", $2::uuid), x.fixes, x."distanceM", x."drivingS", x."idleS", x."engineS",
            x."topSpeedKmh", x.stops, x."overspeedS", x."overspeedEvents", x."harshAcceleration", x."harshBraking", x."fuelUsedPct",
            x."afterHoursS", x."afterHoursM", to_timestamp(x."firstFix" / 1000.0), to_timestamp(x."lastFix" / 1000.0)
       FROM jsonb_to_recordset($1::jsonb) AS x(day date, "deviceId" uuid, "driverId" uuid, fixes int, "distanceM" float8, "drivingS" float8,
            "idleS" float8, "engineS" float8, "topSpeedKmh" float4, stops int, "overspeedS" float8, "overspeedEvents" int, "harshAcceleration" int,
            "harshBraking" int, "fuelUsedPct" float8, "afterHoursS" float8, "afterHoursM" float8, "firstFix" float8, "lastFix" float8)`,
    [JSON.stringify(rows), noDriverSlot],
  );
  // The vehicle rollup the dashboard ranks from (migration 110): the slots just written, summed.
  await db.query(
    `INSERT INTO insights_vehicle_daily
     SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
            sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
       FROM insights_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[])) GROUP BY tenant_id, day, device_id`,
    keys,
  );
}
