import { featureNames, type TenantSettings } from '../../../../contract/api/settings.ts';
import { kmPerMile } from '../../../../contract/units.ts';

/** A stored km/h threshold as the form shows it: whole units of the tenant's speed unit. */
export function speedForForm(kmh: number, unit: TenantSettings['distanceUnit']): number {
  return unit === 'mi' ? Math.round(kmh / kmPerMile) : kmh;
}

/** The form's threshold back in km/h (stored whole): an unchanged mph value maps to the same km/h. */
export function speedFromForm(value: number, unit: TenantSettings['distanceUnit']): number {
  return unit === 'mi' ? Math.round(value * kmPerMile) : value;
}

/**
 * Reads the settings form into the fields that differ from `current`, so a save sends only
 * what the person changed (and the version history names exactly those fields).
 */
export function changedSettings(form: FormData, current: TenantSettings): Partial<TenantSettings> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const number = (name: string) => Number(text(name));
  const mapKind = text('mapKind');
  const mapUrl = text('mapUrl');
  const next: TenantSettings = {
    displayName: text('displayName'),
    accentColor: text('accentColor'),
    distanceUnit: text('distanceUnit') === 'mi' ? 'mi' : 'km',
    volumeUnit: text('volumeUnit') === 'gal' ? 'gal' : 'l',
    timeZone: text('timeZone'),
    locale: text('locale'),
    // Thresholds are typed in the unit the tenant had when the form opened (its labels say which).
    defaultSpeedLimitKmh: speedFromForm(number('defaultSpeedLimit'), current.distanceUnit),
    offlineTimeoutSeconds: Math.round(number('offlineTimeoutMinutes') * 60),
    lowBatteryVolts: number('lowBatteryVolts'),
    overspeedMarginKmh: speedFromForm(number('overspeedMargin'), current.distanceUnit),
    mapSource: mapKind === 'style' ? { kind: 'style', styleUrl: mapUrl } : mapKind === 'pmtiles' ? { kind: 'pmtiles', pmtilesUrl: mapUrl } : { kind: 'offline' },
    retentionDays: number('retentionDays'),
    features: Object.fromEntries(featureNames.map((f) => [f, form.get(`feature.${f}`) === 'on'])) as TenantSettings['features'],
  };
  const changes: Partial<Record<keyof TenantSettings, unknown>> = {};
  for (const key of Object.keys(next) as (keyof TenantSettings)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) changes[key] = next[key];
  }
  return changes as Partial<TenantSettings>;
}
