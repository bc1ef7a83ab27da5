import type { RuleWarning, RuleWarningCode } from '../../../../contract/api/alert-rules.ts';
import type { AlertSeverity, AlertType } from '../../../../contract/api/alerts.ts';
import { alertTypeWords, severityWords } from '../../ui/alert-words.ts';

export { alertTypeWords, severityWords };

/** What a threshold means per type (its unit is shown beside the field). */
export const thresholdWords: Partial<Record<AlertType, string>> = {
  overspeed: 'Margin over the limit',
  low_battery: 'Below',
  device_offline: 'Silent for',
  harsh_braking: 'Deceleration over',
  harsh_acceleration: 'Acceleration over',
};

const warningWords: Record<RuleWarningCode, (w: RuleWarning) => string> = {
  'groups-empty': () => 'applies to no group, so it never fires. Choose groups or “All vehicles”.',
  'group-has-no-vehicles': (w) => `applies only to ${w.params?.groups === 1 ? 'a group that has' : 'groups that have'} no vehicles, so it never fires.`,
  'quiet-all-day': (w) => `has quiet hours that start and end at ${w.params?.from ?? 'the same time'}: it is quiet all day and never notifies anyone.`,
  'escalation-severity-never-raised': (w) => `Escalation waits for ${severityWords[w.params?.severity as AlertSeverity] ?? String(w.params?.severity)} alerts or worse, but no enabled alert type is raised at that severity, so nothing ever escalates.`,
  'escalation-assignee-missing': () => 'Escalation assigns to someone who is no longer a member of this account; choose the person on duty again.',
};

/** A server warning (a rule that would never fire) in words, naming the alert type it is about. */
export function ruleWarningText(warning: RuleWarning): string {
  const words = warningWords[warning.code as RuleWarningCode];
  if (!words) return `A rule would never fire (${warning.code}).`;
  const text = words(warning);
  return warning.type ? `“${alertTypeWords[warning.type]}” ${text}` : text;
}
