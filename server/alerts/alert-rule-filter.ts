import { inQuietHours, type AlertRules } from '../../contract/api/alert-rules.ts';
import type { AlertSeverity, AlertType } from '../../contract/api/alerts.ts';
import { localHour } from './rules.ts';

/** What the tenant's rule makes of a raised condition: dropped, or written with this severity and quietness. */
export type RuledSignal = { write: false } | { write: true; severity: AlertSeverity; quiet: boolean };

/**
 * Applies the tenant's alert rule for `type` to one condition the rules engine raised: off, or
 * outside the rule's groups → not written; else the rule's severity (or the built-in one) and
 * whether it happened inside the quiet hours (local time of the tenant).
 */
export function applyAlertRule(rules: AlertRules, type: AlertType, builtinSeverity: AlertSeverity, groupId: string | null, at: number, timeZone: string): RuledSignal {
  const rule = rules.types[type];
  if (!rule.enabled) return { write: false };
  if (rule.groupIds && (groupId === null || !rule.groupIds.includes(groupId))) return { write: false };
  const quiet = rule.quietHours !== null && inQuietHours(rule.quietHours, Math.floor(localHour(at, timeZone) * 60));
  return { write: true, severity: rule.severity ?? builtinSeverity, quiet };
}
