import type { AlertRules, AlertTypeRule } from '../../../../contract/api/alert-rules.ts';
import type { AlertType } from '../../../../contract/api/alerts.ts';

/** The editor's copy of the rules: every change goes through these pure steps (unit-tested). */
export function changeType(rules: AlertRules, type: AlertType, change: Partial<AlertTypeRule>): AlertRules {
  return { ...rules, types: { ...rules.types, [type]: { ...rules.types[type], ...change } } };
}

/** Ticks a group in or out of a type's list; "all vehicles" is null, an empty list is kept (and flagged by the server). */
export function toggleGroup(rule: AlertTypeRule, groupId: string): Partial<AlertTypeRule> {
  const current = rule.groupIds ?? [];
  return { groupIds: current.includes(groupId) ? current.filter((id) => id !== groupId) : [...current, groupId] };
}

/** E-mail recipients typed as a list separated by commas, semicolons or line breaks. */
export function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[,;\s]+/).map((r) => r.trim()).filter(Boolean))];
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The first recipient that is not an e-mail address, to name it before anything is sent. */
export const badRecipient = (recipients: readonly string[]) => recipients.find((r) => !emailPattern.test(r) || r.length > 254) ?? null;

/** A number field's value: null when empty (the account setting applies). */
export function thresholdFromField(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** Whether the editor's rules differ from the saved ones. */
export const rulesChanged = (saved: AlertRules, edited: AlertRules) => JSON.stringify(saved) !== JSON.stringify(edited);
