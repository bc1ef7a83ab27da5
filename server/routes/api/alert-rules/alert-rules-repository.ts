import { alertTypes } from '../../../../contract/api/alerts.ts';
import { defaultAlertRules, ruleThresholds, ruleWarnings, type AlertRules, type AlertRulesResponse, type AlertRulesUpdate } from '../../../../contract/api/alert-rules.ts';
import { completeRules } from '../../../alerts/monitoring-settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { explainConstraint } from '../../../tenancy/pg-errors.ts';

interface VersionRow {
  version: number;
  rules: Partial<AlertRules>;
  changed_at: Date;
  changed_by: string | null;
  changed_by_name: string | null;
}

/** The latest version; before the first save, version 1 = the defaults (stored on first read). */
async function latest(db: DbSession): Promise<VersionRow> {
  const select = 'SELECT version, rules, changed_at, changed_by, changed_by_name FROM alert_rules_versions ORDER BY version DESC LIMIT 1';
  let row = (await db.query<VersionRow>(select)).rows[0];
  if (!row) {
    await db.query('INSERT INTO alert_rules_versions (tenant_id, version, rules) VALUES (app_current_tenant(), 1, $1) ON CONFLICT DO NOTHING', [JSON.stringify(defaultAlertRules)]);
    row = (await db.query<VersionRow>(select)).rows[0];
    if (!row) throw new Error('default alert rules were not stored');
  }
  return row;
}

/** The tenant's groups with their vehicle counts and its members, for the never-fires check. */
async function warningsFor(db: DbSession, rules: AlertRules) {
  const groups = await db.query<{ id: string; vehicles: number }>('SELECT g.id, (SELECT count(*)::int FROM devices d WHERE d.group_id = g.id) AS vehicles FROM groups g');
  const members = await db.query<{ user_id: string }>('SELECT user_id FROM memberships');
  return ruleWarnings(rules, groups.rows, members.rows.map((m) => m.user_id));
}

export async function getAlertRules(db: DbSession): Promise<AlertRulesResponse> {
  const row = await latest(db);
  const rules = completeRules(row.rules);
  return {
    version: row.version,
    updatedAt: row.changed_at.toISOString(),
    updatedBy: row.changed_by ? { id: row.changed_by, displayName: row.changed_by_name ?? '' } : null,
    rules,
    warnings: await warningsFor(db, rules),
  };
}

/** Refusals the schema cannot express: a threshold on a type without one, or out of its bounds; unknown groups. */
async function checkRules(db: DbSession, rules: AlertRules): Promise<void> {
  for (const type of alertTypes) {
    const { threshold, groupIds } = rules.types[type];
    const bounds = ruleThresholds[type];
    if (threshold !== null && !bounds) {
      throw new ApiError(400, 'invalid_input', `rules.types.${type}.threshold: this alert type has no threshold`, { field: `rules.types.${type}.threshold`, reason: 'schema-violation', params: { field: `rules.types.${type}.threshold`, rule: 'not-allowed' } });
    }
    if (threshold !== null && bounds && (threshold < bounds.min || threshold > bounds.max)) {
      const rule = threshold < bounds.min ? 'minimum' : 'maximum';
      throw new ApiError(400, 'invalid_input', `rules.types.${type}.threshold must be between ${bounds.min} and ${bounds.max} ${bounds.unit}`, { field: `rules.types.${type}.threshold`, reason: 'schema-violation', params: { field: `rules.types.${type}.threshold`, rule, limit: rule === 'minimum' ? bounds.min : bounds.max } });
    }
    if (groupIds && groupIds.length > 0) {
      const found = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM groups WHERE id = ANY ($1::uuid[])', [groupIds]);
      if ((found.rows[0]?.n ?? 0) !== new Set(groupIds).size) throw new ApiError(400, 'invalid_input', `rules.types.${type}.groupIds names a group that is not in this account`, { field: `rules.types.${type}.groupIds`, reason: 'group-not-in-account' });
    }
  }
}

/** Saves the whole rule set as a new version, audited with what changed; answers with its warnings. */
export async function updateAlertRules(db: DbSession, auth: RequestAuth, update: AlertRulesUpdate): Promise<AlertRulesResponse> {
  const row = await latest(db);
  if (update.expectedVersion !== row.version) {
    throw new ApiError(409, 'conflict', `The alert rules were changed by someone else (now version ${row.version}); reload and try again.`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: row.version } });
  }
  await checkRules(db, update.rules);
  const before = completeRules(row.rules);
  const after = update.rules;
  const changed = [
    ...alertTypes.filter((t) => JSON.stringify(before.types[t]) !== JSON.stringify(after.types[t])).map((t) => `types.${t}`),
    ...(JSON.stringify(before.escalation) !== JSON.stringify(after.escalation) ? ['escalation'] : []),
    ...(JSON.stringify(before.email) !== JSON.stringify(after.email) ? ['email'] : []),
  ];
  if (changed.length === 0) return getAlertRules(db);
  await explainConstraint(
    db.query(
      `INSERT INTO alert_rules_versions (tenant_id, version, rules, changed_by, changed_by_name)
       VALUES (app_current_tenant(), $1, $2, $3, (SELECT display_name FROM auth_user($3)))`,
      [row.version + 1, JSON.stringify(after), auth.userId],
    ),
    { alert_rules_versions_pkey: { field: 'expectedVersion', why: { reason: 'edited-elsewhere', params: { currentVersion: row.version + 1 } }, message: 'The alert rules were changed by someone else at the same moment; reload and try again.' } },
  );
  const pick = (r: AlertRules) => Object.fromEntries(changed.map((path) => [path, path.startsWith('types.') ? r.types[path.slice(6) as keyof AlertRules['types']] : r[path as 'escalation' | 'email']]));
  await recordAudit(db, auth, { action: 'alerts.rules.update', targetType: 'alert_rules', targetId: null, targetLabel: changed.join(', '), before: pick(before), after: pick(after) });
  return getAlertRules(db);
}
