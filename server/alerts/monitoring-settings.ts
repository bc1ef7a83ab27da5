import { defaultAlertRules, type AlertRules } from '../../contract/api/alert-rules.ts';
import { defaultTenantSettings, type TenantSettings } from '../../contract/api/settings.ts';
import type { DbSession } from '../db/fleet-db.ts';

/**
 * The thresholds the rules use for one tenant. The tenant-editable ones come from the tenant's
 * settings (tenancy's tenant_settings_versions, contract/api/settings.ts); the rest are fixed
 * platform rules, defined here and nowhere else.
 */
export interface MonitoringSettings {
  speedLimitKmh: number;
  overspeedMarginKmh: number;
  lowBatteryVolts: number;
  offlineTimeoutS: number;
  retentionDays: number;
  timeZone: string;
  /** How text that leaves the platform (alert e-mails) writes numbers, speeds and distances. */
  locale: string;
  distanceUnit: TenantSettings['distanceUnit'];
  /** Ignition on outside [fromHour, toHour) local time raises an alert. */
  allowedHours: { fromHour: number; toHour: number };
  /** Deceleration / acceleration beyond these (m/s², from speed change) is harsh. */
  harshBrakingMps2: number;
  harshAccelerationMps2: number;
  /** Harsh events further apart than this in time are not judged (speed change unknown). */
  harshMaxGapS: number;
  /** After an alert was last seen, a repeat within this time counts towards it. */
  cooldownMs: number;
  /** Battery must rise this much above the threshold before a new low-battery episode. */
  batteryHysteresisVolts: number;
  /** The tenant's alert rules (contract/api/alert-rules.ts); their thresholds are already folded in above. */
  rules: AlertRules;
}

export const platformRules = {
  allowedHours: { fromHour: 6, toHour: 20 },
  harshBrakingMps2: 4.0,
  harshAccelerationMps2: 3.5,
  harshMaxGapS: 3,
  cooldownMs: 10 * 60_000,
  batteryHysteresisVolts: 0.3,
} as const;

/**
 * A rule's threshold replaces the account setting (or platform rule) it corresponds to; a rule
 * without one leaves the setting in charge, so both screens stay truthful (decision 0130).
 */
export function monitoringSettingsFrom(settings: Partial<TenantSettings>, rules: AlertRules = defaultAlertRules, planRetentionDays = Infinity): MonitoringSettings {
  const merged = { ...defaultTenantSettings, ...settings };
  const threshold = (type: keyof AlertRules['types']) => rules.types[type].threshold;
  const offlineMinutes = threshold('device_offline');
  return {
    speedLimitKmh: merged.defaultSpeedLimitKmh,
    overspeedMarginKmh: threshold('overspeed') ?? merged.overspeedMarginKmh,
    lowBatteryVolts: threshold('low_battery') ?? merged.lowBatteryVolts,
    offlineTimeoutS: offlineMinutes !== null ? offlineMinutes * 60 : merged.offlineTimeoutSeconds,
    // The plan's retention caps the account's own setting (decision 0200).
    retentionDays: Math.min(merged.retentionDays, planRetentionDays),
    timeZone: merged.timeZone,
    locale: merged.locale,
    distanceUnit: merged.distanceUnit,
    ...platformRules,
    harshBrakingMps2: threshold('harsh_braking') ?? platformRules.harshBrakingMps2,
    harshAccelerationMps2: threshold('harsh_acceleration') ?? platformRules.harshAccelerationMps2,
    rules,
  };
}

/** Stored rules over today's defaults: a type added in a later release has a rule for old tenants. */
export function completeRules(stored: Partial<AlertRules> | undefined): AlertRules {
  return {
    types: { ...defaultAlertRules.types, ...stored?.types },
    escalation: stored?.escalation ?? null,
    email: { ...defaultAlertRules.email, ...stored?.email },
  };
}

const cacheMs = 15_000;
const cache = new Map<string, { at: number; settings: MonitoringSettings }>();
/**
 * Bumped by every forget. A read that started before a change may finish after it (the
 * escalation and notification rounds read settings every few hundred milliseconds): it must not
 * put the old settings back, or the change would wait out a whole `cacheMs` on this instance.
 */
const generations = new Map<string, number>();

/** A rule, settings or plan change on this instance applies at once; other instances within `cacheMs`. */
export function forgetMonitoringSettings(tenantId: string): void {
  cache.delete(tenantId);
  generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
}

/**
 * The tenant's current settings (highest version), cached briefly: ingest reads them per batch.
 * The cache's age is measured on the process's monotonic clock, never a caller's: a notification
 * clock moved ahead (tests, or a replay) would otherwise make an entry look fresh for as long.
 */
export async function loadMonitoringSettings(db: DbSession, tenantId: string): Promise<MonitoringSettings> {
  const hit = cache.get(tenantId);
  if (hit && performance.now() - hit.at < cacheMs) return hit.settings;
  const generation = generations.get(tenantId) ?? 0;
  const startedAt = performance.now();
  const result = await db.query<{ settings: Partial<TenantSettings> | null; rules: Partial<AlertRules> | null; plan_retention: number | null }>(
    `SELECT (SELECT settings FROM tenant_settings_versions ORDER BY version DESC LIMIT 1) AS settings,
            (SELECT rules FROM alert_rules_versions ORDER BY version DESC LIMIT 1) AS rules,
            (SELECT retention_days FROM plan_effective(app_current_tenant())) AS plan_retention`,
  );
  const row = result.rows[0];
  const settings = monitoringSettingsFrom(row?.settings ?? {}, completeRules(row?.rules ?? undefined), row?.plan_retention ?? Infinity);
  if ((generations.get(tenantId) ?? 0) === generation) cache.set(tenantId, { at: startedAt, settings });
  return settings;
}
