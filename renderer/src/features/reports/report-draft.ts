import { dataReportKinds, maxReportVehicles, type DataReportKind, type ReportQuery } from '../../../../contract/api/reports.ts';
import type { ReportFormat } from '../../../../contract/reports/report-formats.ts';
import { presetPeriod, type Period, type PeriodPreset } from '../insights/insights-period.ts';

/** The report picker as the manager fills it in: every selection kind's choice kept while switching. */
export interface ReportDraft {
  kind: DataReportKind;
  preset: PeriodPreset;
  custom: Period;
  selection: 'all' | 'group' | 'vehicles' | 'driver';
  groupId: string;
  deviceIds: string[];
  driverId: string;
  format: ReportFormat;
}

export type ReportDraftField = 'period' | 'groupId' | 'deviceIds' | 'driverId';
export type ReportDraftErrors = Partial<Record<ReportDraftField, string>>;

export function reportDraft(preset: PeriodPreset, custom: Period): ReportDraft {
  return { kind: dataReportKinds[0], preset, custom, selection: 'all', groupId: '', deviceIds: [], driverId: '', format: 'pdf' };
}

/** The period a draft covers: a preset ending on or before `today`, or the custom days. */
export function draftPeriod(d: ReportDraft, today: string): Period {
  return d.preset === 'custom' ? d.custom : presetPeriod(d.preset, today);
}

/**
 * The query the draft makes, or an error under each field that is wrong. The fleet cloud checks
 * the same and what only it knows (retention, the row limit), answering with the field at fault.
 */
export function checkReportDraft(d: ReportDraft, today: string): { query: ReportQuery } | { errors: ReportDraftErrors } {
  const errors: ReportDraftErrors = {};
  const period = draftPeriod(d, today);
  if (period.from > period.to) errors.period = 'The period ends before it starts; choose a “to” day on or after the “from” day.';
  if (d.selection === 'group' && d.groupId === '') errors.groupId = 'Choose the group the report covers.';
  if (d.selection === 'vehicles' && d.deviceIds.length === 0) errors.deviceIds = 'Choose at least one vehicle.';
  if (d.selection === 'vehicles' && d.deviceIds.length > maxReportVehicles) errors.deviceIds = `Choose at most ${maxReportVehicles} vehicles; for more, use a group or all vehicles.`;
  if (d.selection === 'driver' && d.driverId === '') errors.driverId = 'Choose the driver the report covers.';
  if (Object.keys(errors).length > 0) return { errors };
  const query: ReportQuery = { kind: d.kind, from: period.from, to: period.to };
  if (d.selection === 'group') query.groupId = d.groupId;
  if (d.selection === 'vehicles') query.deviceIds = d.deviceIds.join(',');
  if (d.selection === 'driver') query.driverId = d.driverId;
  return { query };
}

/** Which picker field an error of the fleet cloud or the engine names ("deviceIds.3", "from", "to"). */
export function reportFieldOf(field: string | undefined): ReportDraftField | null {
  const first = (field ?? '').replace(/^\//, '').split(/[./]/)[0];
  if (first === 'from' || first === 'to') return 'period';
  return first === 'groupId' || first === 'deviceIds' || first === 'driverId' ? first : null;
}
