import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { byVehicleThenTime, driverName, hours, localStamp, minutes, perDay, periodRange, subtitleOf, vehicleName, type ReportContext, type ReportVisit } from './report-context.ts';

/** A visit as the report lists it: its time inside within the period, and whether it had ended by the period's end. */
export interface PeriodVisit extends ReportVisit {
  entered: number;
  /** null: still inside when the period ended (or now, if earlier). */
  left: number | null;
  dwellS: number;
}

/**
 * The visits that overlap the period, each with the time inside that falls within it (a visit
 * that began before the period counts from its start; one still running counts to its end, or to
 * now). `visits` may hold others: they are left out.
 */
export function visitsInPeriod(ctx: ReportContext, visits: readonly ReportVisit[]): PeriodVisit[] {
  const { start, end } = periodRange(ctx);
  const until = Math.min(end, ctx.now);
  const listed: PeriodVisit[] = [];
  for (const v of visits) {
    const entered = Date.parse(v.enteredAt);
    const leftAt = v.leftAt === null ? null : Date.parse(v.leftAt);
    if (entered >= end || (leftAt !== null && leftAt <= start)) continue;
    const left = leftAt !== null && leftAt < end ? leftAt : null;
    listed.push({ ...v, entered, left, dwellS: Math.max(0, ((left ?? until) - Math.max(entered, start)) / 1000) });
  }
  return listed;
}

const counted = (n: number, noun: string) => `${reportNumber(n, 0)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The geofence visits report: every visit of a selected vehicle to one of the account's geofences
 * (vehicle, driver, geofence, entered, left or "still inside", time inside), per geofence (visits,
 * vehicles, time inside, average visit) and entries per day.
 */
export function geofenceVisitsReport(ctx: ReportContext, all: readonly ReportVisit[]): InsightsReport {
  const visits = visitsInPeriod(ctx, all).sort(byVehicleThenTime(ctx, (v) => v.deviceId, (v) => v.enteredAt));
  const { start } = periodRange(ctx);
  const entries = perDay(ctx);
  const perFence = new Map<string, { name: string; visits: number; vehicles: Set<string>; seconds: number }>();
  let total = 0;
  let longest: PeriodVisit | null = null;
  const rows = visits.map((v): ReportCell[] => {
    if (v.entered >= start) entries.add(v.entered, 1);
    const f = perFence.get(v.geofenceId) ?? { name: v.geofenceName, visits: 0, vehicles: new Set<string>(), seconds: 0 };
    f.visits += 1;
    f.vehicles.add(v.deviceId);
    f.seconds += v.dwellS;
    perFence.set(v.geofenceId, f);
    total += v.dwellS;
    if (!longest || v.dwellS > longest.dwellS) longest = v;
    return [
      vehicleName(ctx, v.deviceId), driverName(ctx, v.driverId), v.geofenceName, localStamp(v.entered, ctx.timeZone),
      v.left === null ? 'still inside' : localStamp(v.left, ctx.timeZone), minutes(v.dwellS),
    ];
  });
  const top = longest as PeriodVisit | null;
  const vehicles = new Set(visits.map((v) => v.deviceId)).size;
  const collator = new Intl.Collator('en', { numeric: true });
  return {
    title: `${ctx.tenantName} — geofence visits ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'A visit runs from the first position inside a geofence to the first outside. Visits that overlap the period are listed with their time inside it; “still inside” means the vehicle had not left when the period ended.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'geofence-visits', name: 'Geofence visits' },
    headline: [
      { label: 'Visits', value: reportNumber(visits.length, 0), change: null, note: `to ${counted(perFence.size, 'geofence')} by ${counted(vehicles, 'vehicle')}` },
      { label: 'Time inside', value: `${reportNumber(hours(total), 1)} h`, change: null, note: visits.length ? `${reportNumber(minutes(total / visits.length), 0)} min a visit on average` : 'no visits' },
      { label: 'Longest visit', value: top ? `${reportNumber(hours(top.dwellS), 1)} h` : '–', change: null, note: top ? `${vehicleName(ctx, top.deviceId)}, ${top.geofenceName}` : 'no visits' },
    ],
    charts: [{ title: 'Entries per day', unit: 'visits', days: entries.days, series: [{ label: 'Entries', kind: 'bars', values: entries.values() }] }],
    tables: [
      {
        name: 'Per geofence',
        columns: ['Geofence', 'Visits', 'Vehicles', 'Time inside (h)', 'Average visit (min)'],
        rows: [...perFence.values()]
          .sort((a, b) => b.visits - a.visits || collator.compare(a.name, b.name))
          .map((f): ReportCell[] => [f.name, f.visits, f.vehicles.size, hours(f.seconds), minutes(f.seconds / f.visits)]),
      },
      { name: 'Visits', columns: ['Vehicle', 'Driver', 'Geofence', 'Entered', 'Left', 'Time inside (min)'], rows },
    ],
  };
}
