import type { AlertType } from '../../contract/api/alerts.ts';
import { maxInsightsPage, type InsightsDriver } from '../../contract/api/insights.ts';
import { maxReportRows } from '../../contract/api/report-schedules.ts';
import type { Address } from '../../contract/api/places.ts';
import type { ReportAlert, ReportTrip, ReportVehicleDay, ReportVisit } from '../../contract/reports/kinds/report-context.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { loadGeofences } from '../geofences/geofence-cache.ts';
import { addressAt, storedAddressAt } from '../geocoding/address-at.ts';
import { fleetInsights } from '../routes/api/insights/insights-repository.ts';
import { selectTrips, toTripWith, type TripAddress, type TripRow } from '../routes/api/trips/trips-repository.ts';

/**
 * The records a report of the fleet's records is made of, read inside the reader's tenant
 * transaction: row-level security (tenant and group scope) filters every statement, and the
 * vehicles are the selection's ids, already read through the same policies.
 */

/** The driver assigned to the vehicle at `at` (as trips read it, server/drivers). */
const driverAt = (device: string, at: string) => `(SELECT da.driver_id FROM driver_assignments da WHERE da.device_id = ${device} AND da.starts_at <= ${at}
    AND coalesce(da.ends_at, 'infinity') > ${at} ORDER BY da.starts_at DESC LIMIT 1)`;

export interface RecordsWindow {
  deviceIds: readonly string[];
  /** [start, end) of the period, as instants. */
  start: Date;
  end: Date;
  /** Only trips and alerts of this driver (the one assigned when they began). */
  driverId: string | null;
}

/** How many trips started in the window (the row limit is checked before any row is read). */
export async function countTrips(db: DbSession, w: RecordsWindow): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM trips t WHERE t.device_id = ANY ($1::uuid[]) AND t.start_time >= $2 AND t.start_time < $3
        AND ($4::uuid IS NULL OR ${driverAt('t.device_id', 't.start_time')} = $4)`,
    [w.deviceIds, w.start, w.end, w.driverId],
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * Trips of the window as the trip list reads them (places from geofences, addresses). With
 * `stops`, also trips that began before and ended inside it (their stop begins in the period) and
 * each vehicle's first trip after it (where its last stop ends).
 */
export async function readTrips(db: DbSession, w: RecordsWindow, stops: boolean): Promise<ReportTrip[]> {
  const fences = await loadGeofences(db);
  // Closed trips carry their addresses (decision 0360). For the others (open, or not yet
  // backfilled) a trip usually ends where the vehicle's next one starts: each point is looked up once.
  const known = new Map<string, Address>();
  const address: TripAddress = (stored, lat, lon) => {
    if (stored) return storedAddressAt(stored, lat, lon);
    const key = `${lat},${lon}`;
    let found = known.get(key);
    if (!found) known.set(key, (found = addressAt(lat, lon)));
    return found;
  };
  const startFilter = stops ? 't.end_time >= $2' : 't.start_time >= $2';
  const rows = await db.query<TripRow>(
    `${selectTrips} WHERE t.device_id = ANY ($1::uuid[]) AND ${startFilter} AND t.start_time < $3
        AND ($4::uuid IS NULL OR ${driverAt('t.device_id', 't.start_time')} = $4)`,
    [w.deviceIds, w.start, w.end, w.driverId],
  );
  const trips = rows.rows.map((r) => toTripWith(r, fences, address));
  if (!stops) return trips;
  const after = await db.query<TripRow>(
    `${selectTrips} WHERE t.id IN (SELECT DISTINCT ON (n.device_id) n.id FROM trips n
        WHERE n.device_id = ANY ($1::uuid[]) AND n.start_time >= $2 ORDER BY n.device_id, n.start_time)`,
    [w.deviceIds, w.end],
  );
  return [...trips, ...after.rows.map((r) => toTripWith(r, fences, address))];
}

interface AlertRow {
  id: string;
  device_id: string;
  type: AlertType;
  severity: ReportAlert['severity'];
  status: ReportAlert['status'];
  opened_at: Date;
  last_seen_at: Date;
  occurrences: number;
  details: Record<string, unknown>;
  address: Address | null;
  driver_id: string | null;
}

const alertFilter = `a.device_id = ANY ($1::uuid[]) AND a.opened_at >= $2 AND a.opened_at < $3 AND a.type = ANY ($4::text[])
    AND ($5::uuid IS NULL OR ${driverAt('a.device_id', 'a.opened_at')} = $5)`;

export async function countAlerts(db: DbSession, w: RecordsWindow, types: readonly AlertType[]): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts a WHERE ${alertFilter}`, [w.deviceIds, w.start, w.end, types, w.driverId]);
  return result.rows[0]?.n ?? 0;
}

/** Alerts of `types` that opened in the window, with the driver assigned when each opened. */
export async function readAlerts(db: DbSession, w: RecordsWindow, types: readonly AlertType[]): Promise<ReportAlert[]> {
  const rows = await db.query<AlertRow>(
    `SELECT a.id, a.device_id, a.type, a.severity, a.status, a.opened_at, a.last_seen_at, a.occurrences, a.details, a.address,
            ${driverAt('a.device_id', 'a.opened_at')} AS driver_id
       FROM alerts a WHERE ${alertFilter}`,
    [w.deviceIds, w.start, w.end, types, w.driverId],
  );
  return rows.rows.map((r) => ({
    id: r.id, deviceId: r.device_id, type: r.type, severity: r.severity, status: r.status, openedAt: r.opened_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
    occurrences: r.occurrences, details: r.details, address: r.address ?? { kind: 'none' }, driverId: r.driver_id,
  }));
}

// Visits of the selection that overlap the window (geofence_visits, migration 139), with the driver assigned when each began.
const visitFilter = `v.device_id = ANY ($1::uuid[]) AND v.entered_at < $3 AND (v.left_at IS NULL OR v.left_at > $2)
    AND ($4::uuid IS NULL OR ${driverAt('v.device_id', 'v.entered_at')} = $4)`;

export async function countVisits(db: DbSession, w: RecordsWindow): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM geofence_visits v WHERE ${visitFilter}`, [w.deviceIds, w.start, w.end, w.driverId]);
  return result.rows[0]?.n ?? 0;
}

/** The window's visits with their geofence's current name (a deleted geofence's visits are gone with it). */
export async function readVisits(db: DbSession, w: RecordsWindow): Promise<ReportVisit[]> {
  const rows = await db.query<{ device_id: string; geofence_id: string; name: string; entered_at: Date; left_at: Date | null; driver_id: string | null }>(
    `SELECT v.device_id, v.geofence_id, g.name, v.entered_at, v.left_at, ${driverAt('v.device_id', 'v.entered_at')} AS driver_id
       FROM geofence_visits v JOIN geofences g ON g.id = v.geofence_id WHERE ${visitFilter}`,
    [w.deviceIds, w.start, w.end, w.driverId],
  );
  return rows.rows.map((r) => ({
    deviceId: r.device_id, geofenceId: r.geofence_id, geofenceName: r.name, enteredAt: r.entered_at.toISOString(), leftAt: r.left_at?.toISOString() ?? null, driverId: r.driver_id,
  }));
}

/** Names of the drivers the records mention that the reader may see (a group-scoped driver may not be). */
export async function driverNames(db: DbSession, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM drivers WHERE id = ANY ($1::uuid[])', [[...new Set(ids)]]);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

/** The window's days (YYYY-MM-DD, the tenant's calendar), for the daily figures. */
export interface DaysWindow {
  deviceIds: readonly string[];
  from: string;
  to: string;
  driverId: string | null;
}

// A vehicle's day is the sum of its driver slots (or the one driver's slot with a driver filter).
const vehicleDaysFrom = `FROM insights_daily f WHERE f.device_id = ANY ($1::uuid[]) AND f.day BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR f.driver_slot = $4)`;

export async function countVehicleDays(db: DbSession, w: DaysWindow): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(DISTINCT (f.day, f.device_id))::int AS n ${vehicleDaysFrom}`, [w.deviceIds, w.from, w.to, w.driverId]);
  return result.rows[0]?.n ?? 0;
}

/** The daily figures per vehicle and day in the window, as the daily summary lists them. */
export async function readVehicleDays(db: DbSession, w: DaysWindow): Promise<ReportVehicleDay[]> {
  const rows = await db.query<{ day: string; device_id: string; km: number; driving_s: number; idle_s: number; stops: number; top: number; over_s: number; over_n: number; harsh: number; after_s: number }>(
    `SELECT to_char(f.day, 'YYYY-MM-DD') AS day, f.device_id, sum(f.distance_m) / 1000 AS km, sum(f.driving_s) AS driving_s, sum(f.idle_s) AS idle_s,
            sum(f.stops)::int AS stops, max(f.top_speed_kmh) AS top, sum(f.overspeed_s) AS over_s, sum(f.overspeed_events)::int AS over_n,
            sum(f.harsh_acceleration + f.harsh_braking)::int AS harsh, sum(f.after_hours_s) AS after_s
       ${vehicleDaysFrom} GROUP BY f.day, f.device_id`,
    [w.deviceIds, w.from, w.to, w.driverId],
  );
  return rows.rows.map((r) => ({
    day: r.day, deviceId: r.device_id, distanceKm: Math.round(r.km * 1000) / 1000, drivingS: r.driving_s, idleS: r.idle_s, stops: r.stops, topSpeedKmh: r.top,
    overspeedS: r.over_s, overspeedEvents: r.over_n, harshEvents: r.harsh, afterHoursS: r.after_s,
  }));
}

/** Every driver's figures and score in the window, read as the insights tab reads them (all pages). */
export async function readDriverFigures(db: DbSession, w: DaysWindow, timeZone: string): Promise<{ drivers: InsightsDriver[]; count: number }> {
  const drivers: InsightsDriver[] = [];
  let count = 0;
  for (let offset = 0; offset <= maxReportRows; offset += maxInsightsPage) {
    const page = await fleetInsights(db, { from: w.from, to: w.to, sort: 'score', order: 'asc', limit: maxInsightsPage, offset, ...(w.driverId ? { driverId: w.driverId } : {}) }, timeZone, { deviceIds: w.deviceIds });
    count = page.driverCount;
    if (count > maxReportRows) break;
    drivers.push(...page.drivers);
    if (offset + maxInsightsPage >= count) break;
  }
  return { drivers, count };
}
