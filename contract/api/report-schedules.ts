import { Type, type Static } from 'typebox';
import { reportCadences } from '../reports/report-periods.ts';
import { reportFormats } from '../reports/report-formats.ts';
import { EmailAddress, IsoDate, IsoDateTime, Uuid } from './ids.ts';
import { dataReportKinds } from './reports.ts';

/**
 * Scheduled reports (issue 13): a tenant admin (`reports.manage`) has the fleet cloud e-mail a
 * report for a selection of vehicles after every day, week (on Monday) or month (on the 1st), in
 * the tenant's time zone, as PDF, XLSX and/or CSV attachments through the provider's SMTP server.
 */

/** The reports a schedule can send: the fleet insights report, or one of the fleet's records (contract/api/reports.ts). */
export const reportKinds = ['fleet-insights', ...dataReportKinds] as const;
export type ReportKind = (typeof reportKinds)[number];

/** Most vehicles one schedule may list by hand (a larger selection is a group or the whole fleet). */
export const maxScheduleVehicles = 500;
export const maxScheduleRecipients = 20;
/** The most vehicles (and drivers) one report lists; a larger selection is refused with this limit. */
export const maxReportRows = 10_000;

/**
 * Which vehicles: all of the account, one group (`groupId`), or a list (`deviceIds`). Checked by
 * the fleet cloud, which names the field that does not fit the kind (`selection.groupId`, …).
 */
export const ReportSelection = Type.Object(
  {
    kind: Type.Enum(['all', 'group', 'vehicles']),
    groupId: Type.Optional(Uuid),
    deviceIds: Type.Optional(Type.Array(Uuid, { maxItems: maxScheduleVehicles })),
  },
  { additionalProperties: false },
);
export type ReportSelection = Static<typeof ReportSelection>;

const scheduleFields = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  report: Type.Enum(reportKinds),
  selection: ReportSelection,
  cadence: Type.Enum(reportCadences),
  formats: Type.Array(Type.Enum(reportFormats), { minItems: 1, maxItems: reportFormats.length, uniqueItems: true }),
  recipients: Type.Array(EmailAddress, { minItems: 1, maxItems: maxScheduleRecipients }),
  enabled: Type.Boolean(),
};

export const CreateReportScheduleRequest = Type.Object(scheduleFields, { additionalProperties: false });
export type CreateReportScheduleRequest = Static<typeof CreateReportScheduleRequest>;

/** Every field as on creation, plus the version read (a concurrent edit answers 409). */
export const UpdateReportScheduleRequest = Type.Object({ ...scheduleFields, expectedVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type UpdateReportScheduleRequest = Static<typeof UpdateReportScheduleRequest>;

export const ReportScheduleParams = Type.Object({ scheduleId: Uuid });

/**
 * Why a report did not go out (the renderer words it): the SMTP server's, or the report's own
 * (more vehicles than one report lists, `maxReportRows`; or it could not be made).
 */
export const reportRunErrors = ['smtp-not-configured', 'smtp-refused', 'smtp-unreachable', 'report-too-large', 'report-failed'] as const;
/** The report's own failures above are also those of a data report that cannot be made (its period or selection). */
export type ReportRunError = (typeof reportRunErrors)[number];

/** One period's report of a schedule: sent exactly once, retried with backoff until it is. */
export const ReportRun = Type.Object({
  from: IsoDate,
  to: IsoDate,
  /** pending: waiting for its (next) attempt; sending: claimed by a fleet cloud instance; failed: given up. */
  status: Type.Enum(['pending', 'sending', 'sent', 'failed']),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.Enum(reportRunErrors), Type.Null()]),
  lastAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  /** When it is tried again (pending only). */
  nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  sentAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type ReportRun = Static<typeof ReportRun>;

export const ReportSchedule = Type.Object({
  id: Uuid,
  ...scheduleFields,
  version: Type.Integer(),
  createdAt: IsoDateTime,
  createdByName: Type.Union([Type.String(), Type.Null()]),
  /** The latest period's run, null before the first one is due. */
  lastRun: Type.Union([ReportRun, Type.Null()]),
  /** The next period this schedule will send and when (the tenant's zone decides the days). */
  next: Type.Object({ from: IsoDate, to: IsoDate, dueAt: IsoDateTime }),
});
export type ReportSchedule = Static<typeof ReportSchedule>;

export const ReportScheduleList = Type.Object({ items: Type.Array(ReportSchedule), timeZone: Type.String() });
export type ReportScheduleList = Static<typeof ReportScheduleList>;

/** "Send now": the last complete period's report to the recipients, at once (a test; no period is marked sent). */
export const SendReportNowResponse = Type.Object({
  ok: Type.Boolean(),
  error: Type.Union([Type.Enum(reportRunErrors), Type.Null()]),
  from: IsoDate,
  to: IsoDate,
  recipients: Type.Array(Type.String()),
  /** The attachments' file names. */
  files: Type.Array(Type.String()),
});
export type SendReportNowResponse = Static<typeof SendReportNowResponse>;
