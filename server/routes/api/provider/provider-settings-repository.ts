import { defaultProviderSettings, type ProviderSettings, type ProviderSettingsPatch, type ProviderSettingsResponse, type SmtpSettings } from '../../../../contract/api/provider-settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { explainConstraint } from '../../../tenancy/pg-errors.ts';

interface VersionRow {
  version: number;
  settings: Partial<ProviderSettings>;
  changed_at: Date;
  changed_by: string | null;
  changed_by_name: string | null;
}

/**
 * The provider's settings, versioned like tenant settings (migration 030). Runs in the provider
 * tenant's transaction; RLS hides the table from every other tenant. Before the first change
 * the answer is version 1 = the defaults, stored on first read.
 */
async function latest(db: DbSession): Promise<{ row: VersionRow; settings: ProviderSettings }> {
  const select = 'SELECT version, settings, changed_at, changed_by, changed_by_name FROM provider_settings_versions ORDER BY version DESC LIMIT 1';
  let row = (await db.query<VersionRow>(select)).rows[0];
  if (!row) {
    await db.query('INSERT INTO provider_settings_versions (tenant_id, version, settings) VALUES (app_current_tenant(), 1, $1) ON CONFLICT DO NOTHING', [
      JSON.stringify(defaultProviderSettings),
    ]);
    row = (await db.query<VersionRow>(select)).rows[0];
    if (!row) throw new Error('default provider settings were not stored');
  }
  return { row, settings: { ...defaultProviderSettings, ...row.settings } };
}

/** The SMTP settings as shown to people and written to the audit log: never the password. */
function redactSmtp(smtp: SmtpSettings | null): SmtpSettings | null {
  if (!smtp) return null;
  const { password, ...rest } = smtp;
  return { ...rest, passwordSet: Boolean(password) };
}

export async function getProviderSettings(db: DbSession): Promise<ProviderSettingsResponse> {
  const { row, settings } = await latest(db);
  return {
    version: row.version,
    updatedAt: row.changed_at.toISOString(),
    updatedBy: row.changed_by ? { id: row.changed_by, displayName: row.changed_by_name ?? '' } : null,
    settings: { ...settings, smtp: redactSmtp(settings.smtp) },
  };
}

/** A change of the SMTP server without a password keeps the stored one (the form never holds it). */
function mergeSmtp(before: SmtpSettings | null, next: SmtpSettings | null): SmtpSettings | null {
  if (!next) return null;
  const { passwordSet: _shown, ...rest } = next;
  void _shown;
  return rest.password === undefined && before?.password !== undefined ? { ...rest, password: before.password } : rest;
}

/** Applies a change as a new version and writes it to the provider's audit log. */
export async function updateProviderSettings(db: DbSession, auth: RequestAuth, patch: ProviderSettingsPatch): Promise<ProviderSettingsResponse> {
  const { row, settings: before } = await latest(db);
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== row.version) {
    throw new ApiError(409, 'conflict', `The provider settings were changed by someone else (now version ${row.version}); reload and try again.`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: row.version } });
  }
  const after: ProviderSettings = { ...before, ...patch.changes };
  if (patch.changes.smtp !== undefined) after.smtp = mergeSmtp(before.smtp, patch.changes.smtp);
  const changed = (Object.keys(after) as (keyof ProviderSettings)[]).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  if (changed.length === 0) return getProviderSettings(db);
  await explainConstraint(
    db.query(
      `INSERT INTO provider_settings_versions (tenant_id, version, settings, changed_fields, changed_by, changed_by_name)
       VALUES (app_current_tenant(), $1, $2, $3, $4, (SELECT display_name FROM auth_user($4)))`,
      [row.version + 1, JSON.stringify(after), changed, auth.userId],
    ),
    { provider_settings_versions_pkey: { field: 'expectedVersion', why: { reason: 'edited-elsewhere', params: { currentVersion: row.version + 1 } }, message: 'The provider settings were changed by someone else at the same moment; reload and try again.' } },
  );
  const pick = (s: ProviderSettings) => Object.fromEntries(changed.map((key) => [key, key === 'smtp' ? redactSmtp(s.smtp) : s[key]]));
  await recordAudit(db, auth, { action: 'provider.settings.update', targetType: 'provider_settings', targetId: null, targetLabel: changed.join(', '), before: pick(before), after: pick(after) });
  return getProviderSettings(db);
}
