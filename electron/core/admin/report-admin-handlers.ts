import type { CreateReportScheduleRequest, ReportSchedule, ReportScheduleList, SendReportNowResponse, UpdateReportScheduleRequest } from '../../../contract/api/report-schedules.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { reportAdminInputs } from '../../../contract/bridge/domains/report-admin-inputs.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import type { SessionManager } from '../session/session-manager.ts';

type ReportAdminHandlers = Pick<BridgeHandlers, keyof typeof reportAdminInputs>;

const id = (value: string) => encodeURIComponent(value);

/** Report schedules: straight to the fleet cloud with the workspace's access token, nothing cached (as every admin screen). */
export function reportAdminHandlers(sessions: SessionManager): ReportAdminHandlers {
  const call = <T>(workspaceId: string, method: string, path: string, body?: unknown) =>
    sessions.withAccess(workspaceId, (client: FleetApiClient, accessToken) =>
      client.request<T>(method, path, body === undefined ? { accessToken } : { accessToken, body }));
  return {
    'admin.listReportSchedules': ({ workspaceId }) => call<ReportScheduleList>(workspaceId, 'GET', '/api/report-schedules'),
    'admin.createReportSchedule': ({ workspaceId, schedule }) => call<ReportSchedule>(workspaceId, 'POST', '/api/report-schedules', schedule satisfies CreateReportScheduleRequest),
    'admin.updateReportSchedule': ({ workspaceId, scheduleId, schedule }) => call<ReportSchedule>(workspaceId, 'PUT', `/api/report-schedules/${id(scheduleId)}`, schedule satisfies UpdateReportScheduleRequest),
    'admin.deleteReportSchedule': async ({ workspaceId, scheduleId }) => (await call<undefined>(workspaceId, 'DELETE', `/api/report-schedules/${id(scheduleId)}`), { scheduleId }),
    'admin.sendReportNow': ({ workspaceId, scheduleId }) => call<SendReportNowResponse>(workspaceId, 'POST', `/api/report-schedules/${id(scheduleId)}/send`, {}),
  };
}
