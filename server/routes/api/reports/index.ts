import { ReportDocument, ReportQuery } from '../../../../contract/api/reports.ts';
import type { ReportSelection } from '../../../../contract/api/report-schedules.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { buildDataReport, ReportRefused } from '../../../reports/data-report-builder.ts';
import { tenantName } from '../report-schedules/report-schedules-repository.ts';

/** The query's selection: a group, a list of vehicles, or (neither) the whole fleet; both at once is refused. */
function selectionOf(q: ReportQuery): ReportSelection {
  if (q.groupId !== undefined && q.deviceIds !== undefined) {
    throw new ApiError(400, 'invalid_input', 'Give either groupId or deviceIds, not both.', { field: 'deviceIds', reason: 'report-selection-invalid', params: { problem: 'not-for-kind' } });
  }
  if (q.groupId !== undefined) return { kind: 'group', groupId: q.groupId };
  if (q.deviceIds !== undefined) return { kind: 'vehicles', deviceIds: [...new Set(q.deviceIds.toLowerCase().split(','))] };
  return { kind: 'all' };
}

/**
 * /api/reports (issue 13 item 4): one report of the fleet's records — trips, stops, idling,
 * speeding, DTC history — for a period and selection, as the report model the console writes to
 * CSV, XLSX or PDF. Read in the request's tenant transaction (RLS and group scope apply); a report
 * that cannot be made as asked is a 400 with its reason, field and limit.
 */
export const reportRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'reports.read' },
    prefixTrailingSlash: 'no-slash',
    schema: {
      summary: 'A report of trips, stops, idling, speeding or DTC history for a period and selection',
      tags: ['reports'], security: [{ bearerAuth: [] }], querystring: ReportQuery, response: { 200: ReportDocument, ...errorResponses(400, 401, 403) },
    },
  }, async (request): Promise<ReportDocument> => {
    const auth = requireAuth(request);
    const q = request.query;
    const selection = selectionOf(q);
    try {
      return await request.withTenant(async (db) => {
        const settings = await loadMonitoringSettings(db, auth.tenantId);
        return buildDataReport(db, {
          kind: q.kind, period: { from: q.from, to: q.to }, selection, driverId: q.driverId, tenantName: await tenantName(db),
          timeZone: settings.timeZone, retentionDays: settings.retentionDays, now: Date.now(),
        });
      });
    } catch (error) {
      if (!(error instanceof ReportRefused)) throw error;
      const { field, ...reason } = error.refusal;
      throw new ApiError(400, 'invalid_input', error.message, { field, ...reason });
    }
  });
};
