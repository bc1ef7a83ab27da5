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
}

export const platformRules = {
  allowedHours: { fromHour: 6, toHour: 20 },
  harshBrakingMps2: 4.0,
  harshAccelerationMps2: 3.5,
  harshMaxGapS: 3,
  cooldownMs: 10 * 60_000,
  batteryHysteresisVolts: 0.3,
} as const;

export function monitoringSettingsFrom(settings: Partial<TenantSettings>): MonitoringSettings {
  const merged = { ...defaultTenantSettings, ...settings };
  return {
    speedLimitKmh: merged.defaultSpeedLimitKmh,
    overspeedMarginKmh: merged.overspeedMarginKmh,
    lowBatteryVolts: merged.lowBatteryVolts,
    offlineTimeoutS: merged.offlineTimeoutSeconds,
    retentionDays: merged.retentionDays,
    timeZone: merged.timeZone,
    ...platformRules,
  };
}

const cacheMs = 15_000;
const cache = new Map<string, { at: number; settings: MonitoringSettings }>();

/** The tenant's current settings (highest version), cached briefly: ingest reads them per batch. */
export async function loadMonitoringSettings(db: DbSession, tenantId: string, now = Date.now()): Promise<MonitoringSettings> {
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < cacheMs) return hit.settings;
  const result = await db.query<{ settings: Partial<TenantSettings> }>(
    'SELECT settings FROM tenant_settings_versions ORDER BY version DESC LIMIT 1',
  );
  const settings = monitoringSettingsFrom(result.rows[0]?.settings ?? {});
  cache.set(tenantId, { at: now, settings });
  return settings;
}
