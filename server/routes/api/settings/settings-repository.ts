import { defaultTenantSettings, mapSourceUrl, mapUrlProblem, type MapSource, type MapUrlProblem, type SettingsPatch, type SettingsResponse, type SettingsVersion, type TenantSettings } from '../../../../contract/api/settings.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { explainConstraint } from '../../../tenancy/pg-errors.ts';

interface VersionRow {
  tenant_id: string;
  version: number;
  settings: Partial<TenantSettings>;
  changed_fields: string[];
  changed_at: Date;
  changed_by: string | null;
  changed_by_name: string | null;
}

const columns = 'tenant_id, version, settings, changed_fields, changed_at, changed_by, changed_by_name';

/**
 * Stored settings are merged over today's defaults, so a setting added in a later release has
 * a value for tenants that never saved it.
 */
function complete(row: VersionRow, tenantName: string): TenantSettings {
  const stored = row.settings;
  return {
    ...defaultTenantSettings,
    ...stored,
    displayName: stored.displayName ?? tenantName,
    features: { ...defaultTenantSettings.features, ...stored.features },
  };
}

/** The latest version; a tenant created before settings existed gets version 1 = defaults. */
async function latest(db: DbSession): Promise<{ row: VersionRow; settings: TenantSettings }> {
  const tenant = (await db.query<{ name: string }>('SELECT name FROM tenants WHERE id = app_current_tenant()')).rows[0];
  if (!tenant) throw new Error('latest settings read outside a tenant transaction');
  let row = (await db.query<VersionRow>(`SELECT ${columns} FROM tenant_settings_versions ORDER BY version DESC LIMIT 1`)).rows[0];
  if (!row) {
    await db.query(
      "INSERT INTO tenant_settings_versions (tenant_id, version, settings) VALUES (app_current_tenant(), 1, $1) ON CONFLICT DO NOTHING",
      [JSON.stringify({ displayName: tenant.name, ...defaultTenantSettings })],
    );
    row = (await db.query<VersionRow>(`SELECT ${columns} FROM tenant_settings_versions ORDER BY version DESC LIMIT 1`)).rows[0];
    if (!row) throw new Error('default settings were not stored');
  }
  return { row, settings: complete(row, tenant.name) };
}

const changedBy = (row: VersionRow) => (row.changed_by ? { id: row.changed_by, displayName: row.changed_by_name ?? '' } : null);

export async function getSettings(db: DbSession): Promise<SettingsResponse> {
  const { row, settings } = await latest(db);
  return { tenantId: row.tenant_id, version: row.version, updatedAt: row.changed_at.toISOString(), updatedBy: changedBy(row), settings };
}

function checkTimeZone(timeZone: string | undefined): void {
  if (timeZone === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ApiError(400, 'invalid_input', `changes.timeZone "${timeZone}" is not an IANA time zone (e.g. Europe/Stockholm).`, { field: 'changes.timeZone', reason: 'time-zone-unknown', params: { timeZone } });
  }
}

function checkLocale(locale: string | undefined): void {
  if (locale === undefined) return;
  try {
    if (Intl.getCanonicalLocales(locale)[0] !== locale) throw new RangeError('not canonical');
  } catch {
    throw new ApiError(400, 'invalid_input', `changes.locale "${locale}" is not a canonical BCP 47 language tag (e.g. sv-SE, en-US).`, { field: 'changes.locale', reason: 'locale-unknown', params: { locale } });
  }
}

const mapUrlReasons: Record<MapUrlProblem, string> = {
  empty: 'is empty',
  not_a_url: 'is not a well-formed URL (e.g. https://tiles.example.com/style.json)',
  not_http: 'must start with http:// or https://',
  has_credentials: 'must not contain a user name or password',
  too_long: 'is longer than 2048 characters',
};

function checkMapSource(source: MapSource | undefined): void {
  const target = source && mapSourceUrl(source);
  const problem = target && mapUrlProblem(target.url);
  if (!target || !problem) return;
  const field = `changes.mapSource.${target.field}`;
  throw new ApiError(400, 'invalid_input', `${field} ${mapUrlReasons[problem]}.`, { field, reason: 'map-url-invalid', params: { field, problem } });
}

/** Applies a partial change as a new version, recording who changed which fields. */
export async function updateSettings(db: DbSession, auth: RequestAuth, patch: SettingsPatch): Promise<SettingsResponse> {
  checkTimeZone(patch.changes.timeZone);
  checkLocale(patch.changes.locale);
  checkMapSource(patch.changes.mapSource);
  const { row, settings: before } = await latest(db);
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== row.version) {
    throw new ApiError(409, 'conflict', `The settings were changed by someone else (now version ${row.version}); reload and try again.`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: row.version } });
  }
  const after: TenantSettings = { ...before, ...patch.changes };
  const changed = (Object.keys(after) as (keyof TenantSettings)[]).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
  if (changed.length === 0) return getSettings(db);
  await explainConstraint(
    db.query(
      `INSERT INTO tenant_settings_versions (tenant_id, version, settings, changed_fields, changed_by, changed_by_name)
       VALUES (app_current_tenant(), $1, $2, $3, $4, (SELECT display_name FROM auth_user($4)))`,
      [row.version + 1, JSON.stringify(after), changed, auth.userId],
    ),
    { tenant_settings_versions_pkey: { field: 'expectedVersion', why: { reason: 'edited-elsewhere', params: { currentVersion: row.version + 1 } }, message: 'The settings were changed by someone else at the same moment; reload and try again.' } },
  );
  const pick = (s: TenantSettings) => Object.fromEntries(changed.map((key) => [key, s[key]]));
  await recordAudit(db, auth, { action: 'settings.update', targetType: 'settings', targetId: null, targetLabel: changed.join(', '), before: pick(before), after: pick(after) });
  return getSettings(db);
}

export async function settingsHistory(db: DbSession, limit: number, offset: number) {
  const { settings: current } = await latest(db);
  const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tenant_settings_versions')).rows[0]?.n ?? 0;
  const rows = await db.query<VersionRow>(`SELECT ${columns} FROM tenant_settings_versions ORDER BY version DESC LIMIT $1 OFFSET $2`, [limit, offset]);
  const items: SettingsVersion[] = rows.rows.map((row) => ({
    version: row.version,
    changedAt: row.changed_at.toISOString(),
    changedBy: changedBy(row),
    changedFields: row.changed_fields,
    settings: complete(row, current.displayName),
  }));
  return { items, total, limit, offset };
}
