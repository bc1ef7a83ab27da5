import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { byVehicleThenTime, driverName, hours, localStamp, minutes, percent, perDay, placeText, subtitleOf, vehicleName, type ReportContext, type ReportTrip } from './report-context.ts';
import { drivingS, tripsInPeriod } from './trips-report.ts';

/** Idling shorter than this in a trip (a traffic light) is not listed as a row; it still counts in the totals. */
export const listedIdleS = 60;

/**
 * The idling report: time standing still with the engine on inside trips, per vehicle (idle
 * hours, idle share of trip time, trips with idling) ranked most first, per day as a chart, and
 * every trip that idled a minute or more.
 */
export function idlingReport(ctx: ReportContext, all: readonly ReportTrip[]): InsightsReport {
  const trips = tripsInPeriod(ctx, all);
  const idle = perDay(ctx);
  const driving = perDay(ctx);
  const perVehicle = new Map<string, { idleS: number; drivingS: number; idlingTrips: number; longest: number }>();
  let idleTotal = 0;
  let drivingTotal = 0;
  for (const t of trips) {
    const start = Date.parse(t.startTime);
    idle.add(start, t.idleS / 3600);
    driving.add(start, drivingS(t) / 3600);
    const v = perVehicle.get(t.deviceId) ?? { idleS: 0, drivingS: 0, idlingTrips: 0, longest: 0 };
    perVehicle.set(t.deviceId, { idleS: v.idleS + t.idleS, drivingS: v.drivingS + drivingS(t), idlingTrips: v.idlingTrips + (t.idleS >= listedIdleS ? 1 : 0), longest: Math.max(v.longest, t.idleS) });
    idleTotal += t.idleS;
    drivingTotal += drivingS(t);
  }
  const ranked = [...perVehicle].sort((a, b) => b[1].idleS - a[1].idleS);
  const listed = trips.filter((t) => t.idleS >= listedIdleS).sort(byVehicleThenTime(ctx, (t) => t.deviceId, (t) => t.startTime));
  const top = ranked[0];
  return {
    title: `${ctx.tenantName} — idling ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, `Idling is time standing still with the engine on inside trips; trips that idled ${listedIdleS / 60} minute or more are listed.`),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'idling', name: 'Idling' },
    headline: [
      { label: 'Idle time', value: `${reportNumber(hours(idleTotal), 1)} h`, change: null, note: `in ${reportNumber(trips.length, 0)} trips` },
      { label: 'Idle share', value: `${reportNumber(percent(idleTotal, idleTotal + drivingTotal), 1)} %`, change: null, note: 'of time in trips' },
      { label: 'Trips with idling', value: reportNumber(listed.length, 0), change: null, note: `${listedIdleS / 60} min or more` },
      { label: 'Most idling', value: top && top[1].idleS > 0 ? vehicleName(ctx, top[0]) : '–', change: null, note: top && top[1].idleS > 0 ? `${reportNumber(hours(top[1].idleS), 1)} h` : 'no idling' },
    ],
    charts: [
      {
        title: 'Driving and idling per day',
        unit: 'h',
        days: idle.days,
        series: [
          { label: 'Idling', kind: 'bars', values: idle.values() },
          { label: 'Driving', kind: 'line', values: driving.values() },
        ],
      },
    ],
    tables: [
      {
        name: 'Per vehicle',
        columns: ['Vehicle', 'Idle (h)', 'Driving (h)', 'Idle share (%)', 'Trips with idling', 'Longest idling in a trip (min)'],
        rows: ranked.map(([id, v]): ReportCell[] => [vehicleName(ctx, id), hours(v.idleS), hours(v.drivingS), percent(v.idleS, v.idleS + v.drivingS), v.idlingTrips, minutes(v.longest)]),
      },
      {
        name: 'Trips with idling',
        columns: ['Vehicle', 'Driver', 'Trip start', 'Trip end', 'From', 'To', 'Idle (min)', 'Idle share of trip (%)'],
        rows: listed.map((t): ReportCell[] => [
          vehicleName(ctx, t.deviceId), driverName(ctx, t.driverId), localStamp(Date.parse(t.startTime), ctx.timeZone), t.status === 'open' ? 'still driving' : localStamp(Date.parse(t.endTime), ctx.timeZone),
          placeText(t.start), placeText(t.end), minutes(t.idleS), percent(t.idleS, t.durationS),
        ]),
      },
    ],
  };
}
