import type { ReportKind, ReportRunError, ReportSelection } from '../../contract/api/report-schedules.ts';
import type { SmtpSettings } from '../../contract/api/provider-settings.ts';
import type { InsightsReport } from '../../contract/reports/insights-report.ts';
import { reportFile, type ReportFile } from '../../contract/reports/report-files.ts';
import type { ReportFormat } from '../../contract/reports/report-formats.ts';
import type { ReportCadence, ReportPeriod } from '../../contract/reports/report-periods.ts';
import type { DbSession } from '../db/fleet-db.ts';
import type { Mailer } from '../notifications/mailer.ts';
import { buildDataReport, ReportRefused } from './data-report-builder.ts';
import { buildInsightsReport, ReportTooLarge } from './report-builder.ts';
import { reportFonts } from './report-fonts.ts';
import { reportMail } from './report-mail.ts';

/**
 * A transaction in the report's tenant, with the reader's scope: the scheduler's (the whole
 * tenant) or, for "send now", the request's own (its group scope and support grant apply).
 */
export type TenantRead = <T>(work: (db: DbSession) => Promise<T>) => Promise<T>;

/** What a report is made of: the schedule's choices (a saved schedule, or one being tested). */
export interface ReportOrder {
  tenantName: string;
  timeZone: string;
  name: string;
  /** Which report (decision 0320): the fleet insights report or one of the fleet's records. */
  report: ReportKind;
  cadence: ReportCadence;
  selection: ReportSelection;
  /** Days the tenant keeps (a data report's period must lie inside them). */
  retentionDays: number;
  formats: readonly ReportFormat[];
  recipients: readonly string[];
}

export type SendOutcome = { ok: true; files: string[] } | { ok: false; error: ReportRunError; detail: string; files: string[] };

/**
 * Makes one period's report (read in its own tenant transaction, which ends before any mail is
 * sent) in each of the order's formats and mails it to all recipients as one message with the
 * files attached. Never throws for a failure a retry could fix: it returns the code.
 */
export async function sendReport(read: TenantRead, order: ReportOrder, period: ReportPeriod, mail: { smtp: SmtpSettings | null; mailerFor(settings: SmtpSettings): Mailer }, test = false): Promise<SendOutcome> {
  if (!mail.smtp) return { ok: false, error: 'smtp-not-configured', detail: 'the provider has no SMTP server', files: [] };
  let built: { report: InsightsReport; files: ReportFile[] };
  try {
    const kind = order.report;
    const report = await read((session) =>
      kind === 'fleet-insights'
        ? buildInsightsReport(session, { tenantName: order.tenantName, timeZone: order.timeZone, selection: order.selection, period })
        : buildDataReport(session, { kind, period, selection: order.selection, tenantName: order.tenantName, timeZone: order.timeZone, retentionDays: order.retentionDays, now: Date.now() }));
    built = { report, files: await Promise.all(order.formats.map((format) => reportFile(report, format, reportFonts))) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const tooLarge = error instanceof ReportTooLarge || (error instanceof ReportRefused && error.refusal.reason === 'report-too-large');
    return { ok: false, error: tooLarge ? 'report-too-large' : 'report-failed', detail, files: [] };
  }
  const { report, files } = built;
  const names = files.map((f) => f.name);
  const words = reportMail({ scheduleName: order.name, cadence: order.cadence, report, files: names, test });
  const sent = await mail.mailerFor(mail.smtp).send({
    to: order.recipients,
    ...words,
    attachments: files.map((f) => ({ filename: f.name, contentType: f.mime, content: f.content })),
  });
  if (sent.ok) return { ok: true, files: names };
  const error: ReportRunError = sent.error === 'smtp-refused' ? 'smtp-refused' : 'smtp-unreachable';
  return { ok: false, error, detail: sent.detail, files: names };
}
