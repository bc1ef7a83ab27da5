import { emailAddressPattern } from '../../../../contract/api/ids.ts';
import { maxScheduleRecipients, maxScheduleVehicles, type CreateReportScheduleRequest, type ReportKind, type ReportRunError, type ReportSchedule, type ReportSelection } from '../../../../contract/api/report-schedules.ts';
import type { ReportFormat } from '../../../../contract/reports/report-formats.ts';
import type { ReportCadence } from '../../../../contract/reports/report-periods.ts';
import { deliveryErrorWords } from '../../ui/notification-words.ts';

/** The schedule form as the admin edits it: recipients as typed text, every selection kind's choice kept while switching. */
export interface ScheduleDraft {
  name: string;
  report: ReportKind;
  cadence: ReportCadence;
  selectionKind: ReportSelection['kind'];
  groupId: string;
  deviceIds: string[];
  formats: ReportFormat[];
  recipients: string;
  enabled: boolean;
}

export type DraftField = 'name' | 'groupId' | 'deviceIds' | 'formats' | 'recipients';
export type DraftErrors = Partial<Record<DraftField, string>>;

export const cadenceWords: Record<ReportCadence, string> = {
  daily: 'Every day (the day before)',
  weekly: 'Every Monday (the week before)',
  monthly: 'On the 1st (the month before)',
};
export const formatWords: Record<ReportFormat, string> = { pdf: 'PDF', xlsx: 'Excel', csv: 'CSV' };

export function draftOf(schedule?: ReportSchedule): ScheduleDraft {
  return {
    name: schedule?.name ?? '',
    report: schedule?.report ?? 'fleet-insights',
    cadence: schedule?.cadence ?? 'weekly',
    selectionKind: schedule?.selection.kind ?? 'all',
    groupId: schedule?.selection.groupId ?? '',
    deviceIds: schedule?.selection.deviceIds ?? [],
    formats: schedule?.formats ?? ['pdf'],
    recipients: schedule?.recipients.join(', ') ?? '',
    enabled: schedule?.enabled ?? true,
  };
}

const emailPattern = new RegExp(emailAddressPattern);

/** The addresses typed, split at commas, semicolons, spaces or line breaks. */
export function splitRecipients(text: string): string[] {
  return text.split(/[\s,;]+/).filter((r) => r !== '');
}

/**
 * The request the draft makes, or an error under each field that is wrong (all at once, so the
 * admin fixes them in one go). The fleet cloud checks the same and more (the group still exists).
 */
export function checkDraft(d: ScheduleDraft): { request: CreateReportScheduleRequest } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (name === '') errors.name = 'Give the schedule a name, e.g. “Weekly fleet summary”.';
  else if (name.length > 80) errors.name = 'The name may be at most 80 characters long.';
  if (d.selectionKind === 'group' && d.groupId === '') errors.groupId = 'Choose the group the report covers.';
  if (d.selectionKind === 'vehicles' && d.deviceIds.length === 0) errors.deviceIds = 'Choose at least one vehicle.';
  if (d.selectionKind === 'vehicles' && d.deviceIds.length > maxScheduleVehicles) errors.deviceIds = `Choose at most ${maxScheduleVehicles} vehicles; for more, use a group or all vehicles.`;
  if (d.formats.length === 0) errors.formats = 'Choose at least one format.';
  const recipients = splitRecipients(d.recipients);
  const bad = recipients.find((r) => !emailPattern.test(r) || r.length > 254);
  if (recipients.length === 0) errors.recipients = 'Enter at least one e-mail address.';
  else if (bad) errors.recipients = `“${bad}” is not an e-mail address.`;
  else if (recipients.length > maxScheduleRecipients) errors.recipients = `At most ${maxScheduleRecipients} recipients per schedule.`;
  if (Object.keys(errors).length > 0) return { errors };
  const selection: ReportSelection =
    d.selectionKind === 'group' ? { kind: 'group', groupId: d.groupId } : d.selectionKind === 'vehicles' ? { kind: 'vehicles', deviceIds: d.deviceIds } : { kind: 'all' };
  return { request: { name, report: d.report, selection, cadence: d.cadence, formats: d.formats, recipients, enabled: d.enabled } };
}

/** Which form field a server error names ("selection.deviceIds.3", "/recipients/1", "name"). */
export function draftFieldOf(field: string | undefined): DraftField | null {
  const path = (field ?? '').replace(/^\//, '').replaceAll('/', '.');
  if (path.startsWith('selection.groupId')) return 'groupId';
  if (path.startsWith('selection.deviceIds')) return 'deviceIds';
  const first = path.split('.')[0];
  return first === 'name' || first === 'formats' || first === 'recipients' ? first : null;
}

/** Why a scheduled report did not go out, in words (SMTP codes as for alert e-mail). */
export function runErrorWords(code: ReportRunError | null): string {
  switch (code) {
    case null:
      return '';
    case 'report-too-large':
      return 'The selection has more vehicles than one report lists (10,000); choose a group.';
    case 'report-failed':
      return 'The report could not be made; the fleet cloud’s log has the details.';
    default:
      return deliveryErrorWords(code);
  }
}
