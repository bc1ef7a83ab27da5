import { Type, type Static } from 'typebox';
import { AlertSeverity, alertTypes, type AlertSeverity as Severity, type AlertType } from './alerts.ts';
import { EmailAddress, IsoDateTime, Uuid } from './ids.ts';

/**
 * A tenant's alert rules (GET/PUT /api/alert-rules; editing needs `alerts.configure`), versioned
 * and audited like settings. Per alert type: on/off, severity, threshold, the groups it applies to
 * and quiet hours; plus escalation and the e-mail recipients. The fleet cloud applies them when
 * it writes alerts (ingest, offline sweep) and when it expands notifications.
 */

/** "HH:MM", 24-hour, in the tenant's time zone. */
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

/**
 * Alerts raised from `from` until `to` are recorded but disturb nobody (no sound, desktop
 * notification, webhook or e-mail). `from` later than `to` wraps midnight (22:00–06:00).
 */
export const QuietHours = Type.Object({ from: Clock, to: Clock }, { additionalProperties: false });
export type QuietHours = Static<typeof QuietHours>;

export const AlertTypeRule = Type.Object(
  {
    enabled: Type.Boolean(),
    /** null: the built-in severity (warning; info for geofences; critical for some DTCs). */
    severity: Type.Union([AlertSeverity, Type.Null()]),
    /** The type's threshold in `ruleThresholds[type].unit`; null = the account setting or platform default. */
    threshold: Type.Union([Type.Number(), Type.Null()]),
    /** Only vehicles of these groups raise it; null = every vehicle. */
    groupIds: Type.Union([Type.Array(Uuid, { maxItems: 200 }), Type.Null()]),
    quietHours: Type.Union([QuietHours, Type.Null()]),
  },
  { additionalProperties: false },
);
export type AlertTypeRule = Static<typeof AlertTypeRule>;

/** Types whose threshold can be set here, its unit and bounds. Others take no threshold. */
export const ruleThresholds: Partial<Record<AlertType, { unit: 'km/h' | 'V' | 'min' | 'm/s²'; min: number; max: number }>> = {
  overspeed: { unit: 'km/h', min: 0, max: 50 },
  low_battery: { unit: 'V', min: 5, max: 30 },
  device_offline: { unit: 'min', min: 1, max: 10080 },
  harsh_braking: { unit: 'm/s²', min: 1, max: 15 },
  harsh_acceleration: { unit: 'm/s²', min: 1, max: 15 },
};

/**
 * An open alert of `severity` or above that nobody acknowledged within `afterMinutes` notifies
 * again (webhooks, e-mail, consoles) and is assigned to `assigneeId`, the person on duty.
 */
export const EscalationRule = Type.Object(
  { severity: AlertSeverity, afterMinutes: Type.Integer({ minimum: 1, maximum: 1440 }), assigneeId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
export type EscalationRule = Static<typeof EscalationRule>;

const ruleFields = Object.fromEntries(alertTypes.map((t) => [t, AlertTypeRule])) as Record<AlertType, typeof AlertTypeRule>;

export const AlertRules = Type.Object(
  {
    types: Type.Object(ruleFields, { additionalProperties: false }),
    escalation: Type.Union([EscalationRule, Type.Null()]),
    email: Type.Object(
      {
        recipients: Type.Array(EmailAddress, { maxItems: 20 }),
        minSeverity: AlertSeverity,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AlertRules = Static<typeof AlertRules>;

const defaultTypeRule: AlertTypeRule = { enabled: true, severity: null, threshold: null, groupIds: null, quietHours: null };
export const defaultAlertRules: AlertRules = {
  types: Object.fromEntries(alertTypes.map((t) => [t, defaultTypeRule])) as Record<AlertType, AlertTypeRule>,
  escalation: null,
  email: { recipients: [], minSeverity: 'critical' },
};

/** Why a saved rule would never fire, or a setting would never apply (warnings, not refusals). */
export type RuleWarningCode = 'groups-empty' | 'group-has-no-vehicles' | 'quiet-all-day' | 'escalation-severity-never-raised' | 'escalation-assignee-missing';
export interface RuleWarning {
  /** The alert type the warning is about; absent for escalation. */
  type?: AlertType;
  code: RuleWarningCode;
  params?: Record<string, string | number>;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether `minuteOfDay` (0–1439, local) falls inside quiet hours. from == to covers the whole day. */
export function inQuietHours(quiet: QuietHours, minuteOfDay: number): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return true;
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
export const severityAtLeast = (severity: Severity, min: Severity) => severityRank[severity] >= severityRank[min];

/** The severities a type can have under its rule (built-in: DTCs can be critical, geofences are info). */
function severitiesOf(type: AlertType, rule: AlertTypeRule): Severity[] {
  if (rule.severity) return [rule.severity];
  if (type === 'dtc') return ['warning', 'critical'];
  return type === 'geofence_enter' || type === 'geofence_exit' ? ['info'] : ['warning'];
}

/**
 * Rules that would never fire: an empty group list, groups without vehicles, quiet hours that
 * cover the whole day; an escalation no enabled type can reach, or whose assignee is gone.
 * `groups` are the tenant's groups with their vehicle counts; `members` the ids of its members.
 */
export function ruleWarnings(rules: AlertRules, groups: readonly { id: string; vehicles: number }[], members: readonly string[]): RuleWarning[] {
  const warnings: RuleWarning[] = [];
  const vehicles = new Map(groups.map((g) => [g.id, g.vehicles]));
  for (const type of alertTypes) {
    const rule = rules.types[type];
    if (!rule.enabled) continue;
    if (rule.groupIds && rule.groupIds.length === 0) warnings.push({ type, code: 'groups-empty' });
    else if (rule.groupIds && rule.groupIds.every((id) => (vehicles.get(id) ?? 0) === 0)) warnings.push({ type, code: 'group-has-no-vehicles', params: { groups: rule.groupIds.length } });
    if (rule.quietHours && rule.quietHours.from === rule.quietHours.to) warnings.push({ type, code: 'quiet-all-day', params: { from: rule.quietHours.from } });
  }
  const escalation = rules.escalation;
  if (escalation) {
    const reachable = alertTypes.some((t) => rules.types[t].enabled && severitiesOf(t, rules.types[t]).some((s) => severityAtLeast(s, escalation.severity)));
    if (!reachable) warnings.push({ code: 'escalation-severity-never-raised', params: { severity: escalation.severity } });
    if (escalation.assigneeId && !members.includes(escalation.assigneeId)) warnings.push({ code: 'escalation-assignee-missing' });
  }
  return warnings;
}

/** GET /api/alert-rules (alerts.read) and the answer of PUT. */
export const AlertRulesResponse = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  updatedAt: IsoDateTime,
  updatedBy: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
  rules: AlertRules,
  /** Rules that would never fire as saved (ruleWarnings). */
  warnings: Type.Array(
    Type.Object({ type: Type.Optional(Type.Enum(alertTypes)), code: Type.String(), params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))) }),
  ),
});
export type AlertRulesResponse = Static<typeof AlertRulesResponse>;

/** PUT /api/alert-rules (alerts.configure): the whole rule set, as a new version. */
export const AlertRulesUpdate = Type.Object({ expectedVersion: Type.Integer({ minimum: 1 }), rules: AlertRules }, { additionalProperties: false });
export type AlertRulesUpdate = Static<typeof AlertRulesUpdate>;
