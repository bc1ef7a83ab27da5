import { randomUUID } from 'node:crypto';
import {
  CreateReportScheduleRequest, ReportSchedule, ReportScheduleList, ReportScheduleParams, SendReportNowResponse, UpdateReportScheduleRequest,
} from '../../../../contract/api/report-schedules.ts';
import { previousPeriod } from '../../../../contract/reports/report-periods.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { sendReport } from '../../../reports/send-report.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import {
  checkedSelection, deleteSchedule, insertSchedule, listSchedules, scheduleById, tenantName, uniqueRecipients, updateSchedule,
} from './report-schedules-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['reports'];
const notFound = () => new ApiError(404, 'not_found', 'There is no such report schedule.', { reason: 'not-found', params: { kind: 'report-schedule' } });

/** The schedule as it will be stored: selection checked against the account, recipients once each. */
async function normalised(db: DbSession, body: CreateReportScheduleRequest): Promise<CreateReportScheduleRequest> {
  return { ...body, name: body.name.trim(), selection: await checkedSelection(db, body.selection), recipients: uniqueRecipients(body.recipients) };
}

const auditView = (s: CreateReportScheduleRequest) => ({ name: s.name, report: s.report, cadence: s.cadence, selection: s.selection, formats: s.formats, recipients: s.recipients, enabled: s.enabled });

/**
 * Scheduled reports of the current tenant (reports.manage): list with each schedule's latest
 * run (its failure and next attempt), add, change, remove, and "send now" — the last complete
 * period's report to the recipients at once, answered with the outcome (a failure is a code).
 */
export const reportScheduleRoutes: RoutePlugin = async (app) => {
  const now = () => Date.now();
  const zone = (db: DbSession, tenantId: string) => loadMonitoringSettings(db, tenantId).then((s) => s.timeZone);

  app.get('/', { config: { access: 'reports.manage' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Report schedules of this account, each with its latest run', tags, security, response: { 200: ReportScheduleList, ...errorResponses(401, 403) } } }, async (request) => {
    const auth = requireAuth(request);
    return request.withTenant(async (db) => {
      const timeZone = await zone(db, auth.tenantId);
      return { items: await listSchedules(db, timeZone, now()), timeZone };
    });
  });

  app.post('/', {
    config: { access: 'reports.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Add a report schedule', tags, security, body: CreateReportScheduleRequest, response: { 201: ReportSchedule, ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const auth = requireAuth(request);
    const schedule = await request.withTenant(async (db) => {
      const timeZone = await zone(db, auth.tenantId);
      const body = await normalised(db, request.body);
      const id = randomUUID();
      // Its first report covers a period that ends today or later: no backfill of earlier ones.
      await insertSchedule(db, id, body, localDay(now(), timeZone), auth.userId);
      await recordAudit(db, auth, { action: 'report.createSchedule', targetType: 'report-schedule', targetId: id, targetLabel: body.name, after: auditView(body) });
      return scheduleById(db, id, timeZone, now());
    });
    if (!schedule) throw notFound();
    return reply.code(201).send(schedule);
  });

  app.put('/:scheduleId', {
    config: { access: 'reports.manage' },
    schema: { summary: 'Change a report schedule (every field; expectedVersion guards concurrent edits)', tags, security, params: ReportScheduleParams, body: UpdateReportScheduleRequest, response: { 200: ReportSchedule, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const { scheduleId } = request.params;
    return request.withTenant(async (db) => {
      const timeZone = await zone(db, auth.tenantId);
      const before = await scheduleById(db, scheduleId, timeZone, now());
      if (!before) throw notFound();
      const { expectedVersion, ...fields } = request.body;
      const body = await normalised(db, fields);
      if (!(await updateSchedule(db, scheduleId, body, expectedVersion))) {
        throw new ApiError(409, 'conflict', `The schedule was changed by someone else (now version ${before.version}).`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: before.version } });
      }
      await recordAudit(db, auth, { action: 'report.updateSchedule', targetType: 'report-schedule', targetId: scheduleId, targetLabel: body.name, before: auditView(before), after: auditView(body) });
      const after = await scheduleById(db, scheduleId, timeZone, now());
      if (!after) throw notFound();
      return after;
    });
  });

  app.delete('/:scheduleId', { config: { access: 'reports.manage' }, schema: { summary: 'Remove a report schedule and its run history', tags, security, params: ReportScheduleParams, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    const auth = requireAuth(request);
    await request.withTenant(async (db) => {
      const before = await scheduleById(db, request.params.scheduleId, 'UTC', now());
      if (!before || !(await deleteSchedule(db, before.id))) throw notFound();
      await recordAudit(db, auth, { action: 'report.deleteSchedule', targetType: 'report-schedule', targetId: before.id, targetLabel: before.name, before: auditView(before) });
    });
    return reply.code(204).send(null);
  });

  app.post('/:scheduleId/send', {
    config: { access: 'reports.manage' },
    schema: { summary: 'Send the last complete period’s report to the recipients now (a test: no period is marked sent)', tags, security, params: ReportScheduleParams, response: { 200: SendReportNowResponse, ...errorResponses(401, 403, 404) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const found = await request.withTenant(async (db) => {
      const { timeZone, retentionDays } = await loadMonitoringSettings(db, auth.tenantId);
      const schedule = await scheduleById(db, request.params.scheduleId, timeZone, now());
      return schedule ? { schedule, timeZone, retentionDays, name: await tenantName(db) } : null;
    });
    if (!found) throw notFound();
    const { schedule, timeZone, retentionDays } = found;
    const period = previousPeriod(schedule.cadence, localDay(now(), timeZone));
    // Outside the request's transaction: the report is read in its own, the mail may take seconds.
    const outcome = await sendReport((work) => request.withTenant(work), { tenantName: found.name, timeZone, retentionDays, ...schedule }, period, { smtp: await app.reports.smtp(), mailerFor: app.reports.mailerFor }, true);
    await request.withTenant((db) => recordAudit(db, auth, { action: 'report.sendNow', targetType: 'report-schedule', targetId: schedule.id, targetLabel: schedule.name, after: { ...period, ok: outcome.ok, error: outcome.ok ? null : outcome.error } }));
    return { ok: outcome.ok, error: outcome.ok ? null : outcome.error, ...period, recipients: schedule.recipients, files: outcome.files };
  });
};
