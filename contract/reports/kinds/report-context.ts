import type { Alert } from '../../api/alerts.ts';
import type { Address } from '../../api/places.ts';
import type { TripSummary } from '../../api/trips.ts';
import { dayStart, daysBetween, nextDay, offsetAt } from '../../time/local-day.ts';
import type { ReportCell } from '../insights-report.ts';
import { kmPerMile } from '../../units.ts';

/**
 * What every report of the fleet's records is made with besides its rows: who it is for, the
 * period and selection, the tenant's zone and distance unit, and the names of vehicles and drivers.
 * The fleet cloud fills it from PostgreSQL, the console's engine from its cache: both then call
 * the same builder, so a report is the same wherever it was made.
 */
export interface ReportContext {
  tenantName: string;
  timeZone: string;
  distanceUnit: 'km' | 'mi';
  period: { from: string; to: string };
  /** How the header names the selection ("All vehicles", "Group North depot", "GF Truck 02"). */
  selection: string;
  vehicleNames: ReadonlyMap<string, string>;
  /** Drivers the reader may see; a driver missing here is written `unknownDriver`. */
  driverNames: ReadonlyMap<string, string>;
  /** How a driver without a name here is written (default "Driver not visible": outside the reader's groups). */
  unknownDriver?: string;
  /** The instant the report is made (epoch ms): a vehicle still parked has stopped until now at most. */
  now: number;
  /** A sentence added to the subtitle (e.g. that the console made it offline from its cache). */
  note?: string;
}

/** The parts of a trip a report reads: a cached trip (TripSummary) fits as it is. */
export type ReportTrip = Pick<TripSummary, 'id' | 'deviceId' | 'driverId' | 'status' | 'startTime' | 'endTime' | 'start' | 'end' | 'distanceKm' | 'durationS' | 'maxSpeedKmh' | 'avgSpeedKmh' | 'idleS'>;
/** The parts of an alert a report reads (a cached Alert fits), plus the driver assigned when it opened. */
export type ReportAlert = Pick<Alert, 'id' | 'deviceId' | 'type' | 'severity' | 'status' | 'openedAt' | 'lastSeenAt' | 'occurrences' | 'details' | 'address'> & { driverId?: string | null };

/**
 * One time a vehicle was inside a geofence (the fleet cloud's geofence_visits): entered at the
 * first fix inside, left at the first fix outside (null: still inside at its newest fix); the
 * driver is the one assigned when it entered.
 */
export interface ReportVisit {
  deviceId: string;
  geofenceId: string;
  geofenceName: string;
  enteredAt: string;
  leftAt: string | null;
  driverId: string | null;
}

/** One vehicle's day from the fleet cloud's daily figures (the daily summary's rows). */
export interface ReportVehicleDay {
  day: string;
  deviceId: string;
  distanceKm: number;
  drivingS: number;
  idleS: number;
  stops: number;
  topSpeedKmh: number;
  overspeedS: number;
  overspeedEvents: number;
  harshEvents: number;
  afterHoursS: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Distance and speed in the tenant's unit, with the column titles that name it. */
export function unitsOf(ctx: ReportContext) {
  const miles = ctx.distanceUnit === 'mi';
  return {
    distanceTitle: miles ? 'mi' : 'km',
    speedTitle: miles ? 'mph' : 'km/h',
    distance: (km: number) => round(miles ? km / kmPerMile : km, 2),
    speed: (kmh: number) => round(miles ? kmh / kmPerMile : kmh, 1),
  };
}

export const hours = (seconds: number) => round(seconds / 3600, 2);
export const minutes = (seconds: number) => round(seconds / 60, 1);
export const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 1) : 0);

const hourMs = 3_600_000;
const offsets = new Map<string, Map<number, number>>();
/**
 * The zone's offset at `epochMs`, asked of Intl once per zone and UTC hour: zones change their
 * offset on whole hours, and a month's report formats hundreds of thousands of instants (an Intl
 * format per instant cost seconds).
 */
function offsetOf(epochMs: number, timeZone: string): number {
  let byHour = offsets.get(timeZone);
  if (!byHour) offsets.set(timeZone, (byHour = new Map()));
  const hour = Math.floor(epochMs / hourMs);
  let offset = byHour.get(hour);
  if (offset === undefined) byHour.set(hour, (offset = offsetAt(hour * hourMs, timeZone)));
  return offset;
}

/** "2026-12-01 08:15" in the tenant's zone: sortable, and read the same in every spreadsheet. */
export function localStamp(epochMs: number, timeZone: string): string {
  return new Date(epochMs + offsetOf(epochMs, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}

/** The day (YYYY-MM-DD) an instant falls on in the tenant's zone (as contract/time's localDay). */
export const reportDay = (epochMs: number, timeZone: string) => new Date(epochMs + offsetOf(epochMs, timeZone)).toISOString().slice(0, 10);

/** Where a trip starts or ends, or an alert opened: the geofence, else the address, else the coordinates. */
export function placeText(place: { name?: string | null; address: Address; latitude?: number; longitude?: number }): string {
  if (place.name) return place.name;
  const a = place.address;
  if (a.kind === 'street') return [a.ref ? `${a.street} (${a.ref})` : a.street, a.locality].filter(Boolean).join(', ');
  if (a.kind === 'near') return `${a.distanceM < 1000 ? `${Math.round(a.distanceM)} m` : `${round(a.distanceM / 1000, 1)} km`} ${a.bearing} of ${a.locality}`;
  return place.latitude !== undefined && place.longitude !== undefined ? `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}` : '';
}

/** The period as instants: [first day's start, the day after the last day's start). */
export function periodRange(ctx: Pick<ReportContext, 'period' | 'timeZone'>): { start: number; end: number } {
  return { start: dayStart(ctx.period.from, ctx.timeZone), end: dayStart(nextDay(ctx.period.to), ctx.timeZone) };
}

/** One value per day of the period, added up from (instant, value) pairs (a chart's series). */
export function perDay(ctx: ReportContext): { days: string[]; add(epochMs: number, value: number): void; values(): number[] } {
  const days = daysBetween(ctx.period.from, ctx.period.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const sums = days.map(() => 0);
  return {
    days,
    add(epochMs, value) {
      const i = index.get(reportDay(epochMs, ctx.timeZone));
      if (i !== undefined) sums[i] = (sums[i] ?? 0) + value;
    },
    values: () => sums.map((v) => round(v, 2)),
  };
}

export const vehicleName = (ctx: ReportContext, id: string) => ctx.vehicleNames.get(id) ?? 'Vehicle not visible';
export function driverName(ctx: ReportContext, id: string | null | undefined): ReportCell {
  if (!id) return null;
  return ctx.driverNames.get(id) ?? ctx.unknownDriver ?? 'Driver not visible';
}

/** The report's subtitle: the selection, the zone the times are in, what the rows are, and any note. */
export function subtitleOf(ctx: ReportContext, what: string): string {
  return [`${ctx.selection}.`, `Times in ${ctx.timeZone}.`, what, ctx.note].filter(Boolean).join(' ');
}

/**
 * Orders rows by vehicle name, then by time. Names are ranked once (a collator per comparison
 * costs seconds over a month of trips); times are ISO strings, which sort as text.
 */
export function byVehicleThenTime<T>(ctx: ReportContext, id: (row: T) => string, time: (row: T) => string): (a: T, b: T) => number {
  const collator = new Intl.Collator('en', { numeric: true });
  const ranked = [...ctx.vehicleNames].sort((a, b) => collator.compare(a[1], b[1]) || a[0].localeCompare(b[0]));
  const rank = new Map(ranked.map(([vehicle], i) => [vehicle, i]));
  const rankOf = (row: T) => rank.get(id(row)) ?? ranked.length;
  return (a, b) => rankOf(a) - rankOf(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0) || (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0);
}
