import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import {
  byVehicleThenTime, driverName, hours, localStamp, minutes, perDay, periodRange, placeText, subtitleOf, unitsOf, vehicleName, type ReportContext, type ReportTrip,
} from './report-context.ts';

/** Trips that started in the period (a trip over midnight counts on the day it began). */
export function tripsInPeriod(ctx: ReportContext, trips: readonly ReportTrip[]): ReportTrip[] {
  const { start, end } = periodRange(ctx);
  return trips.filter((t) => {
    const at = Date.parse(t.startTime);
    return at >= start && at < end;
  });
}

/** Time a trip was moving: its duration less the time it stood still with the engine on. */
export const drivingS = (t: ReportTrip) => Math.max(0, t.durationS - t.idleS);

/**
 * The trips report: every trip that started in the period (vehicle, driver, start and end with
 * their places, distance, time, idling, speeds), a per-vehicle summary above it, and the distance
 * and number of trips per day as charts. Distances and speeds in the tenant's unit.
 */
export function tripsReport(ctx: ReportContext, all: readonly ReportTrip[]): InsightsReport {
  const u = unitsOf(ctx);
  const trips = tripsInPeriod(ctx, all).sort(byVehicleThenTime(ctx, (t) => t.deviceId, (t) => t.startTime));
  const distance = perDay(ctx);
  const count = perDay(ctx);
  const perVehicle = new Map<string, { trips: number; km: number; drivingS: number; idleS: number; maxKmh: number }>();
  let km = 0;
  let driving = 0;
  let idle = 0;
  const rows: ReportCell[][] = trips.map((t) => {
    const start = Date.parse(t.startTime);
    distance.add(start, u.distance(t.distanceKm));
    count.add(start, 1);
    const v = perVehicle.get(t.deviceId) ?? { trips: 0, km: 0, drivingS: 0, idleS: 0, maxKmh: 0 };
    perVehicle.set(t.deviceId, { trips: v.trips + 1, km: v.km + t.distanceKm, drivingS: v.drivingS + drivingS(t), idleS: v.idleS + t.idleS, maxKmh: Math.max(v.maxKmh, t.maxSpeedKmh) });
    km += t.distanceKm;
    driving += drivingS(t);
    idle += t.idleS;
    return [
      vehicleName(ctx, t.deviceId), driverName(ctx, t.driverId), localStamp(start, ctx.timeZone), t.status === 'open' ? 'still driving' : localStamp(Date.parse(t.endTime), ctx.timeZone),
      placeText(t.start), placeText(t.end), u.distance(t.distanceKm), minutes(t.durationS), minutes(t.idleS), u.speed(t.avgSpeedKmh), u.speed(t.maxSpeedKmh),
    ];
  });
  const vehicleRows = [...perVehicle]
    .sort((a, b) => b[1].km - a[1].km)
    .map(([id, v]): ReportCell[] => [vehicleName(ctx, id), v.trips, u.distance(v.km), hours(v.drivingS), hours(v.idleS), u.speed(v.maxKmh)]);
  const name = 'Trips';
  return {
    title: `${ctx.tenantName} — trips ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'Every trip that started in the period, per vehicle in time order.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'trips', name },
    headline: [
      { label: 'Trips', value: reportNumber(trips.length, 0), change: null, note: `by ${reportNumber(perVehicle.size, 0)} vehicles` },
      { label: 'Distance', value: `${reportNumber(u.distance(km), 0)} ${u.distanceTitle}`, change: null, note: trips.length ? `${reportNumber(u.distance(km / trips.length), 1)} ${u.distanceTitle} a trip` : 'no trips' },
      { label: 'Driving time', value: `${reportNumber(hours(driving), 1)} h`, change: null, note: 'moving, idling excluded' },
      { label: 'Idling in trips', value: `${reportNumber(hours(idle), 1)} h`, change: null, note: `${reportNumber(driving + idle > 0 ? (idle / (driving + idle)) * 100 : 0, 1)} % of trip time` },
    ],
    charts: [
      { title: 'Distance per day', unit: u.distanceTitle, days: distance.days, series: [{ label: 'Distance', kind: 'bars', values: distance.values() }] },
      { title: 'Trips per day', unit: 'trips', days: count.days, series: [{ label: 'Trips', kind: 'bars', values: count.values() }] },
    ],
    tables: [
      { name: 'Per vehicle', columns: ['Vehicle', 'Trips', `Distance (${u.distanceTitle})`, 'Driving (h)', 'Idle (h)', `Top speed (${u.speedTitle})`], rows: vehicleRows },
      {
        name: 'Trips',
        columns: ['Vehicle', 'Driver', 'Start', 'End', 'From', 'To', `Distance (${u.distanceTitle})`, 'Duration (min)', 'Idle (min)', `Avg speed (${u.speedTitle})`, `Top speed (${u.speedTitle})`],
        rows,
      },
    ],
  };
}
