import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { dayStart } from '../../time/local-day.ts';
import { byVehicleThenTime, hours, minutes, percent, perDay, subtitleOf, unitsOf, vehicleName, type ReportContext, type ReportVehicleDay } from './report-context.ts';

/**
 * The daily summary from the fleet cloud's daily figures: the fleet's totals per day (vehicles
 * that drove, distance, driving, idling, stops, time over the limit, harsh events) and every
 * vehicle-day with its figures, day by day. Only days in the period are read.
 */
export function dailySummaryReport(ctx: ReportContext, all: readonly ReportVehicleDay[]): InsightsReport {
  const u = unitsOf(ctx);
  const rows = all.filter((d) => d.day >= ctx.period.from && d.day <= ctx.period.to);
  const distance = perDay(ctx);
  const driving = perDay(ctx);
  const idle = perDay(ctx);
  const totals = new Map<string, { vehicles: number; km: number; drivingS: number; idleS: number; stops: number; overS: number; harsh: number }>();
  for (const d of rows) {
    const at = dayStart(d.day, ctx.timeZone);
    distance.add(at, u.distance(d.distanceKm));
    driving.add(at, d.drivingS / 3600);
    idle.add(at, d.idleS / 3600);
    const t = totals.get(d.day) ?? { vehicles: 0, km: 0, drivingS: 0, idleS: 0, stops: 0, overS: 0, harsh: 0 };
    totals.set(d.day, {
      vehicles: t.vehicles + (d.drivingS > 0 ? 1 : 0), km: t.km + d.distanceKm, drivingS: t.drivingS + d.drivingS, idleS: t.idleS + d.idleS, stops: t.stops + d.stops,
      overS: t.overS + d.overspeedS, harsh: t.harsh + d.harshEvents,
    });
  }
  const dayRows = distance.days.map((day): ReportCell[] => {
    const t = totals.get(day) ?? { vehicles: 0, km: 0, drivingS: 0, idleS: 0, stops: 0, overS: 0, harsh: 0 };
    return [day, t.vehicles, u.distance(t.km), hours(t.drivingS), hours(t.idleS), percent(t.idleS, t.idleS + t.drivingS), t.stops, minutes(t.overS), t.harsh];
  });
  const sum = (pick: (d: ReportVehicleDay) => number) => rows.reduce((a, d) => a + pick(d), 0);
  const used = rows.filter((d) => d.drivingS > 0).length;
  const byVehicle = byVehicleThenTime(ctx, (d: ReportVehicleDay) => d.deviceId, (d) => d.day);
  const byDay = (a: ReportVehicleDay, b: ReportVehicleDay) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || byVehicle(a, b);
  return {
    title: `${ctx.tenantName} — daily summary ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'From the daily figures: a day is a calendar day in the account’s time zone; a vehicle is listed on the days it reported.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'daily-summary', name: 'Daily summary' },
    headline: [
      { label: 'Distance', value: `${reportNumber(u.distance(sum((d) => d.distanceKm)), 0)} ${u.distanceTitle}`, change: null, note: `over ${reportNumber(distance.days.length, 0)} days` },
      { label: 'Driving time', value: `${reportNumber(hours(sum((d) => d.drivingS)), 1)} h`, change: null, note: `idling ${reportNumber(hours(sum((d) => d.idleS)), 1)} h` },
      { label: 'Vehicle-days used', value: reportNumber(used, 0), change: null, note: 'days a vehicle drove' },
      { label: 'Over the speed limit', value: `${reportNumber(hours(sum((d) => d.overspeedS)), 1)} h`, change: null, note: `${reportNumber(sum((d) => d.overspeedEvents), 0)} episodes` },
    ],
    charts: [
      { title: 'Distance per day', unit: u.distanceTitle, days: distance.days, series: [{ label: 'Distance', kind: 'bars', values: distance.values() }] },
      { title: 'Driving and idling per day', unit: 'h', days: driving.days, series: [{ label: 'Driving', kind: 'bars', values: driving.values() }, { label: 'Idling', kind: 'line', values: idle.values() }] },
    ],
    tables: [
      { name: 'Per day', columns: ['Day', 'Vehicles that drove', `Distance (${u.distanceTitle})`, 'Driving (h)', 'Idle (h)', 'Idle share (%)', 'Stops', 'Over limit (min)', 'Harsh events'], rows: dayRows },
      {
        name: 'Vehicle days',
        columns: ['Day', 'Vehicle', `Distance (${u.distanceTitle})`, 'Driving (h)', 'Idle (h)', 'Idle share (%)', 'Stops', `Top speed (${u.speedTitle})`, 'Over limit (min)', 'Over-limit episodes', 'Harsh events', 'After hours (h)'],
        rows: [...rows].sort(byDay).map((d): ReportCell[] => [
          d.day, vehicleName(ctx, d.deviceId), u.distance(d.distanceKm), hours(d.drivingS), hours(d.idleS), percent(d.idleS, d.idleS + d.drivingS), d.stops, u.speed(d.topSpeedKmh),
          minutes(d.overspeedS), d.overspeedEvents, d.harshEvents, hours(d.afterHoursS),
        ]),
      },
    ],
  };
}
