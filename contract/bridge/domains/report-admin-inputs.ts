import { Type } from 'typebox';
import { Uuid } from '../../api/ids.ts';
import {
  CreateReportScheduleRequest, UpdateReportScheduleRequest, type ReportSchedule, type ReportScheduleList, type SendReportNowResponse,
} from '../../api/report-schedules.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });
const input = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object({ workspaceId: WorkspaceId, ...properties }, { additionalProperties: false });

/**
 * Scheduled reports (issue 13), part of the `admin` domain (`reports.manage`): the account's
 * schedules with their latest run, add, change, remove, and "send now" to test one.
 */
export const reportAdminInputs = {
  'admin.listReportSchedules': input({}),
  'admin.createReportSchedule': input({ schedule: CreateReportScheduleRequest }),
  'admin.updateReportSchedule': input({ scheduleId: Uuid, schedule: UpdateReportScheduleRequest }),
  'admin.deleteReportSchedule': input({ scheduleId: Uuid }),
  'admin.sendReportNow': input({ scheduleId: Uuid }),
} as const;

export interface ReportAdminOutputs {
  'admin.listReportSchedules': ReportScheduleList;
  'admin.createReportSchedule': ReportSchedule;
  'admin.updateReportSchedule': ReportSchedule;
  'admin.deleteReportSchedule': { scheduleId: string };
  /** Waits for the report to be made and mailed: it can take seconds. */
  'admin.sendReportNow': SendReportNowResponse;
}
