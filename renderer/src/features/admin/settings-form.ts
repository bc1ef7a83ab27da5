import { featureNames, type TenantSettings } from '../../../../contract/api/settings.ts';

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
    defaultSpeedLimitKmh: number('defaultSpeedLimitKmh'),
    offlineTimeoutSeconds: Math.round(number('offlineTimeoutMinutes') * 60),
    lowBatteryVolts: number('lowBatteryVolts'),
    overspeedMarginKmh: number('overspeedMarginKmh'),
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
