import type { InsightsReport } from '../../contract/reports/insights-report.ts';
import type { ReportCadence } from '../../contract/reports/report-periods.ts';

const cadenceWords: Record<ReportCadence, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/**
 * The words of a scheduled report's e-mail (the fleet cloud writes mail itself, as for alerts):
 * the schedule's name and period in the subject, the headline figures in the body so the reader
 * sees them without opening an attachment.
 */
export function reportMail(input: { scheduleName: string; cadence: ReportCadence; report: InsightsReport; files: readonly string[]; test: boolean }): { subject: string; text: string } {
  const { report } = input;
  const period = report.meta.from === report.meta.to ? report.meta.from : `${report.meta.from} – ${report.meta.to}`;
  const subject = `${input.test ? '[Test] ' : ''}${input.scheduleName}: ${report.meta.tenant}, ${period}`;
  const lines = [
    `${cadenceWords[input.cadence]} ${report.meta.name ? `${report.meta.name.toLowerCase()} report` : 'fleet report'} for ${report.meta.tenant}`,
    `Period: ${period} · ${report.meta.selection}`,
    '',
    ...report.headline.map((h) => `${h.label}: ${h.value}${h.change ? ` (${h.change} on the previous period)` : h.note ? ` (${h.note})` : ''}`),
    '',
    `Attached: ${input.files.join(', ')}.`,
    input.test
      ? 'This is a test sent from the console ("Send now"); the scheduled reports go out as planned.'
      : 'You receive this because a tenant administrator added you to the schedule in the fleet console.',
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
