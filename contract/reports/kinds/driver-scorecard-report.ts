import type { InsightsDriver } from '../../api/insights.ts';
import type { InsightsReport, ReportCell } from '../insights-report.ts';
import { reportNumber } from '../insights-report.ts';
import { hours, subtitleOf, unitsOf, type ReportContext } from './report-context.ts';

/**
 * The driver scorecard: every driver who drove in the period with the figures the score is made
 * of (contract/api/insights.ts: 100 less harsh events per 100 km × 5, the share of driving over
 * the limit × 100 and the idle share × 20), lowest score first — the drivers to talk to.
 */
export function driverScorecardReport(ctx: ReportContext, drivers: readonly InsightsDriver[]): InsightsReport {
  const u = unitsOf(ctx);
  const ranked = [...drivers].sort((a, b) => a.score - b.score || (a.name ?? '').localeCompare(b.name ?? ''));
  const name = (d: InsightsDriver) => d.name ?? 'Driver outside your groups';
  const driven = ranked.filter((d) => d.drivingS > 0);
  const average = driven.length ? driven.reduce((a, d) => a + d.score, 0) / driven.length : 0;
  const best = [...driven].sort((a, b) => b.score - a.score)[0];
  const worst = driven[0];
  return {
    title: `${ctx.tenantName} — driver scorecard ${ctx.period.from} to ${ctx.period.to}`,
    subtitle: subtitleOf(ctx, 'Score = 100 − harsh events per 100 km × 5 − share of driving over the limit × 100 − idle share × 20 (never below 0); lowest first.'),
    meta: { tenant: ctx.tenantName, from: ctx.period.from, to: ctx.period.to, selection: ctx.selection, kind: 'driver-scorecard', name: 'Driver scorecard' },
    headline: [
      { label: 'Drivers who drove', value: reportNumber(driven.length, 0), change: null, note: `of ${reportNumber(ranked.length, 0)} listed` },
      { label: 'Average score', value: reportNumber(average, 1), change: null, note: 'of 100' },
      { label: 'Highest score', value: best ? reportNumber(best.score, 1) : '–', change: null, note: best ? name(best) : 'nobody drove' },
      { label: 'Lowest score', value: worst ? reportNumber(worst.score, 1) : '–', change: null, note: worst ? name(worst) : 'nobody drove' },
    ],
    charts: [],
    tables: [
      {
        name: 'Drivers',
        columns: ['Driver', 'Score', `Distance (${u.distanceTitle})`, 'Driving (h)', 'Idle share (%)', 'Over limit (h)', 'Over-limit episodes', 'Harsh events per 100 km', 'Harsh accelerations', 'Harsh brakings', 'After hours (h)', 'Days driven'],
        rows: ranked.map((d): ReportCell[] => [
          name(d), d.score, u.distance(d.distanceKm), hours(d.drivingS), Math.round(d.idleShare * 1000) / 10, hours(d.overspeedS), d.overspeedEvents, d.harshPer100Km,
          d.harshAcceleration, d.harshBraking, hours(d.afterHoursS), d.vehicleDaysUsed,
        ]),
      },
    ],
  };
}
