import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { byVehicleThenTime, driverName, localStamp, minutes, perDay, periodRange, placeText, subtitleOf, unitsOf, vehicleName, type ReportAlert, type ReportContext } from './report-context.ts';

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Alerts of `types` that opened in the period. */
export function alertsInPeriod(ctx: ReportContext, alerts: readonly ReportAlert[], types: readonly string[]): ReportAlert[] {
  const { start, end } = periodRange(ctx);
  return alerts.filter((a) => {
    const at = Date.parse(a.openedAt);
    return types.includes(a.type) && at >= start && at < end;
  });
}

/**
 * The speeding report from the overspeed alerts that opened in the period. One alert is one
 * episode, or several when the vehicle sped again within the rule's cool-down (`occurrences`);
 * its speed and limit are the latest episode's top speed and the limit it was judged against
 * (posted on the road, or the account's). Per vehicle: episodes and the worst excess.
 */
export function speedingReport(ctx: ReportContext, all: readonly ReportAlert[]): InsightsReport {
  const u = unitsOf(ctx);
  const alerts = alertsInPeriod(ctx, all, ['overspeed']).sort(byVehicleThenTime(ctx, (a) => a.deviceId, (a) => a.openedAt));
  const episodes = perDay(ctx);
  const perVehicle = new Map<string, { alerts: number; episodes: number; worstOverKmh: number; topKmh: number }>();
  let total = 0;
  let worst: { over: number; alert: ReportAlert } | null = null;
  const rows = alerts.map((a): ReportCell[] => {
    const speed = num(a.details.speedKmh);
    const limit = num(a.details.limitKmh);
    const over = speed !== null && limit !== null ? Math.max(0, speed - limit) : null;
    const started = text(a.details.startedAt);
    const ended = text(a.details.endedAt);
    const opened = Date.parse(a.openedAt);
    episodes.add(opened, a.occurrences);
    total += a.occurrences;
    const v = perVehicle.get(a.deviceId) ?? { alerts: 0, episodes: 0, worstOverKmh: 0, topKmh: 0 };
    perVehicle.set(a.deviceId, { alerts: v.alerts + 1, episodes: v.episodes + a.occurrences, worstOverKmh: Math.max(v.worstOverKmh, over ?? 0), topKmh: Math.max(v.topKmh, speed ?? 0) });
    if (over !== null && (!worst || over > worst.over)) worst = { over, alert: a };
    const source = text(a.details.limitSource);
    return [
      vehicleName(ctx, a.deviceId), driverName(ctx, a.driverId), localStamp(opened, ctx.timeZone), localStamp(Date.parse(a.lastSeenAt), ctx.timeZone), a.occurrences,
      started && ended ? minutes((Date.parse(ended) - Date.parse(started)) / 1000) : null,
      speed === null ? null : u.speed(speed), limit === null ? null : u.speed(limit), over === null ? null : u.speed(over),
      source === 'posted' ? 'posted' : source === 'tenant' ? 'account' : null, placeText({ address: a.address }),
    ];
  });
  const w = worst as { over: number; alert: ReportAlert } | null;
  return {
    title: `${ctx.tenantName} — speeding ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'Overspeed alerts opened in the period; speeding again within the cool-down adds an episode to the alert. Speed and limit are its latest episode’s.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'speeding', name: 'Speeding' },
    headline: [
      { label: 'Speeding episodes', value: reportNumber(total, 0), change: null, note: `${reportNumber(alerts.length, 0)} alerts` },
      { label: 'Vehicles that sped', value: reportNumber(perVehicle.size, 0), change: null, note: 'at least one episode' },
      {
        label: 'Most over the limit',
        value: w ? `+${reportNumber(u.speed(w.over), 0)} ${u.speedTitle}` : '–',
        change: null,
        note: w ? `${vehicleName(ctx, w.alert.deviceId)}, ${localStamp(Date.parse(w.alert.openedAt), ctx.timeZone)}` : 'no speeding',
      },
    ],
    charts: [{ title: 'Speeding episodes per day', unit: 'episodes', days: episodes.days, series: [{ label: 'Episodes', kind: 'bars', values: episodes.values() }] }],
    tables: [
      {
        name: 'Per vehicle',
        columns: ['Vehicle', 'Episodes', 'Alerts', `Most over the limit (${u.speedTitle})`, `Top speed (${u.speedTitle})`],
        rows: [...perVehicle].sort((a, b) => b[1].episodes - a[1].episodes).map(([id, v]): ReportCell[] => [vehicleName(ctx, id), v.episodes, v.alerts, u.speed(v.worstOverKmh), u.speed(v.topKmh)]),
      },
      {
        name: 'Speeding',
        columns: ['Vehicle', 'Driver', 'Opened', 'Last seen', 'Episodes', 'Latest episode (min)', `Speed (${u.speedTitle})`, `Limit (${u.speedTitle})`, `Over by (${u.speedTitle})`, 'Limit from', 'Place'],
        rows,
      },
    ],
  };
}
