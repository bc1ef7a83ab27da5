import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { byVehicleThenTime, driverName, hours, localStamp, minutes, perDay, periodRange, placeText, subtitleOf, vehicleName, type ReportContext, type ReportTrip } from './report-context.ts';

export interface ReportStop {
  deviceId: string;
  driverId: string | null;
  arrived: number;
  /** null: still there when the period ended (or now, if earlier). */
  departed: number | null;
  durationS: number;
  place: string;
}

/**
 * The stops of the period: the fleet cloud splits trips where a vehicle parks, so a stop is the
 * time between one trip's end and the vehicle's next trip, at the first trip's end point. A stop
 * counts in the period it began; the last one of a vehicle runs to the period's end (or now).
 * `trips` must include each vehicle's first trip after the period, so a stop over its end is whole.
 */
export function stopsOf(ctx: ReportContext, trips: readonly ReportTrip[]): ReportStop[] {
  const { start, end } = periodRange(ctx);
  const byVehicle = new Map<string, ReportTrip[]>();
  for (const t of trips) {
    const list = byVehicle.get(t.deviceId);
    if (list) list.push(t);
    else byVehicle.set(t.deviceId, [t]);
  }
  const stops: ReportStop[] = [];
  for (const [deviceId, list] of byVehicle) {
    list.sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
    list.forEach((trip, i) => {
      if (trip.status === 'open') return;
      const arrived = Date.parse(trip.endTime);
      if (arrived < start || arrived >= end) return;
      const next = list[i + 1];
      const departed = next ? Date.parse(next.startTime) : null;
      const until = departed ?? Math.min(end, ctx.now);
      stops.push({ deviceId, driverId: trip.driverId, arrived, departed, durationS: Math.max(0, (until - arrived) / 1000), place: placeText(trip.end) });
    });
  }
  return stops;
}

/** The stops report: each stop (vehicle, driver who arrived, arrival, departure, how long, where), per vehicle and per day. */
export function stopsReport(ctx: ReportContext, trips: readonly ReportTrip[]): InsightsReport {
  const stops = stopsOf(ctx, trips).sort(byVehicleThenTime(ctx, (s) => s.deviceId, (s) => String(s.arrived).padStart(15, '0')));
  const perDayCount = perDay(ctx);
  const perVehicle = new Map<string, { stops: number; seconds: number; longest: number }>();
  let total = 0;
  let longest: ReportStop | null = null;
  const rows = stops.map((s): ReportCell[] => {
    perDayCount.add(s.arrived, 1);
    const v = perVehicle.get(s.deviceId) ?? { stops: 0, seconds: 0, longest: 0 };
    perVehicle.set(s.deviceId, { stops: v.stops + 1, seconds: v.seconds + s.durationS, longest: Math.max(v.longest, s.durationS) });
    total += s.durationS;
    if (!longest || s.durationS > longest.durationS) longest = s;
    return [vehicleName(ctx, s.deviceId), driverName(ctx, s.driverId), localStamp(s.arrived, ctx.timeZone), s.departed === null ? 'still there' : localStamp(s.departed, ctx.timeZone), minutes(s.durationS), s.place];
  });
  const top = longest as ReportStop | null;
  return {
    title: `${ctx.tenantName} — stops ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'A stop is the time between two trips of a vehicle, listed on the day it began; a vehicle’s last stop runs to the end of the period.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'stops', name: 'Stops' },
    headline: [
      { label: 'Stops', value: reportNumber(stops.length, 0), change: null, note: `by ${reportNumber(perVehicle.size, 0)} vehicles` },
      { label: 'Time stopped', value: `${reportNumber(hours(total), 1)} h`, change: null, note: stops.length ? `${reportNumber(minutes(total / stops.length), 0)} min a stop on average` : 'no stops' },
      { label: 'Longest stop', value: top ? `${reportNumber(hours(top.durationS), 1)} h` : '–', change: null, note: top ? `${vehicleName(ctx, top.deviceId)}, ${top.place}` : 'no stops' },
    ],
    charts: [{ title: 'Stops per day', unit: 'stops', days: perDayCount.days, series: [{ label: 'Stops', kind: 'bars', values: perDayCount.values() }] }],
    tables: [
      {
        name: 'Per vehicle',
        columns: ['Vehicle', 'Stops', 'Stopped (h)', 'Longest stop (min)'],
        rows: [...perVehicle].sort((a, b) => b[1].stops - a[1].stops).map(([id, v]) => [vehicleName(ctx, id), v.stops, hours(v.seconds), minutes(v.longest)]),
      },
      { name: 'Stops', columns: ['Vehicle', 'Driver', 'Arrived', 'Departed', 'Duration (min)', 'Place'], rows },
    ],
  };
}
