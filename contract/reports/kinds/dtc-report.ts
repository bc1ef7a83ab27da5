import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { byVehicleThenTime, localStamp, perDay, subtitleOf, vehicleName, type ReportAlert, type ReportContext } from './report-context.ts';
import { alertsInPeriod } from './speeding-report.ts';

const statusWords = { open: 'open', acknowledged: 'acknowledged', resolved: 'resolved' } as const;
const codeOf = (a: ReportAlert) => (typeof a.details.code === 'string' ? a.details.code : '');
const descriptionOf = (a: ReportAlert) => (typeof a.details.description === 'string' && a.details.description ? a.details.description : 'no description known');

/**
 * The DTC history: every diagnostic trouble code a vehicle reported for the first time (a DTC
 * alert) in the period — code, description, first and last report, how often, severity and
 * whether someone handled it — and a summary per code (how many vehicles, still unresolved).
 */
export function dtcReport(ctx: ReportContext, all: readonly ReportAlert[]): InsightsReport {
  const alerts = alertsInPeriod(ctx, all, ['dtc']).sort(byVehicleThenTime(ctx, (a) => a.deviceId, (a) => a.openedAt));
  const perDayCount = perDay(ctx);
  const perCode = new Map<string, { description: string; vehicles: Set<string>; reports: number; unresolved: number; critical: boolean }>();
  const rows = alerts.map((a): ReportCell[] => {
    const opened = Date.parse(a.openedAt);
    perDayCount.add(opened, 1);
    const code = codeOf(a);
    const c = perCode.get(code) ?? { description: descriptionOf(a), vehicles: new Set<string>(), reports: 0, unresolved: 0, critical: false };
    c.vehicles.add(a.deviceId);
    c.reports += a.occurrences;
    c.unresolved += a.status === 'resolved' ? 0 : 1;
    c.critical ||= a.severity === 'critical';
    perCode.set(code, c);
    return [vehicleName(ctx, a.deviceId), code, descriptionOf(a), localStamp(opened, ctx.timeZone), localStamp(Date.parse(a.lastSeenAt), ctx.timeZone), a.occurrences, a.severity, statusWords[a.status]];
  });
  const vehicles = new Set(alerts.map((a) => a.deviceId));
  const unresolved = alerts.filter((a) => a.status !== 'resolved').length;
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  return {
    title: `${ctx.tenantName} — DTC history ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'Diagnostic trouble codes first reported in the period (one row per vehicle and code episode).'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'dtc-history', name: 'DTC history' },
    headline: [
      { label: 'Trouble codes', value: reportNumber(alerts.length, 0), change: null, note: `${reportNumber(perCode.size, 0)} different codes` },
      { label: 'Vehicles affected', value: reportNumber(vehicles.size, 0), change: null, note: 'reported at least one code' },
      { label: 'Not resolved', value: reportNumber(unresolved, 0), change: null, note: 'open or acknowledged' },
      { label: 'Critical', value: reportNumber(critical, 0), change: null, note: 'misfires and network faults' },
    ],
    charts: [{ title: 'New trouble codes per day', unit: 'codes', days: perDayCount.days, series: [{ label: 'Codes', kind: 'bars', values: perDayCount.values() }] }],
    tables: [
      {
        name: 'Per code',
        columns: ['Code', 'Description', 'Vehicles', 'Reports', 'Not resolved', 'Severity'],
        rows: [...perCode]
          .sort((a, b) => b[1].vehicles.size - a[1].vehicles.size || a[0].localeCompare(b[0]))
          .map(([code, c]): ReportCell[] => [code, c.description, c.vehicles.size, c.reports, c.unresolved, c.critical ? 'critical' : 'warning']),
      },
      { name: 'Trouble codes', columns: ['Vehicle', 'Code', 'Description', 'First reported', 'Last reported', 'Reports', 'Severity', 'Status'], rows },
    ],
  };
}
