import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, type TenantSettings } from '../../../../contract/api/settings.ts';
import { changedSettings, speedForForm } from './settings-form.ts';

const current: TenantSettings = { displayName: 'Lake Buses', ...defaultTenantSettings };

function formOf(settings: TenantSettings, edits: Record<string, string | null> = {}): FormData {
  const form = new FormData();
  const values: Record<string, string | null> = {
    displayName: settings.displayName,
    accentColor: settings.accentColor,
    distanceUnit: settings.distanceUnit,
    volumeUnit: settings.volumeUnit,
    timeZone: settings.timeZone,
    locale: settings.locale,
    defaultSpeedLimit: String(speedForForm(settings.defaultSpeedLimitKmh, settings.distanceUnit)),
    offlineTimeoutMinutes: String(settings.offlineTimeoutSeconds / 60),
    lowBatteryVolts: String(settings.lowBatteryVolts),
    overspeedMargin: String(speedForForm(settings.overspeedMarginKmh, settings.distanceUnit)),
    mapKind: settings.mapSource.kind,
    mapUrl: settings.mapSource.kind === 'style' ? settings.mapSource.styleUrl : settings.mapSource.kind === 'pmtiles' ? settings.mapSource.pmtilesUrl : '',
    retentionDays: String(settings.retentionDays),
    ...Object.fromEntries(Object.entries(settings.features).map(([k, on]) => [`feature.${k}`, on ? 'on' : null])),
    ...edits,
  };
  for (const [name, value] of Object.entries(values)) if (value !== null) form.set(name, value);
  return form;
}

describe('settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(changedSettings(formOf(current), current)).toEqual({});
  });
  it('sends only the changed fields, converting minutes and checkboxes', () => {
    const form = formOf(current, { distanceUnit: 'mi', offlineTimeoutMinutes: '15', 'feature.trips': null });
    expect(changedSettings(form, current)).toEqual({
      distanceUnit: 'mi',
      offlineTimeoutSeconds: 900,
      features: { ...current.features, trips: false },
    });
  });
  it('switches the map to a style URL', () => {
    const form = formOf(current, { mapKind: 'style', mapUrl: 'https://tiles.example.com/style.json' });
    expect(changedSettings(form, current)).toEqual({ mapSource: { kind: 'style', styleUrl: 'https://tiles.example.com/style.json' } });
    const archive = formOf(current, { mapKind: 'pmtiles', mapUrl: 'https://tiles.example.com/region.pmtiles' });
    expect(changedSettings(archive, current)).toEqual({ mapSource: { kind: 'pmtiles', pmtilesUrl: 'https://tiles.example.com/region.pmtiles' } });
  });
  it('shows speed thresholds of a miles tenant in mph and stores them in km/h, unchanged when untouched', () => {
    const miles: TenantSettings = { ...current, distanceUnit: 'mi' };
    expect(changedSettings(formOf(miles), miles)).toEqual({});
    expect(speedForForm(90, 'mi')).toBe(56);
    expect(changedSettings(formOf(miles, { defaultSpeedLimit: '60' }), miles)).toEqual({ defaultSpeedLimitKmh: 97 });
  });
  it('sends a new locale', () => {
    expect(changedSettings(formOf(current, { locale: 'sv-SE' }), current)).toEqual({ locale: 'sv-SE' });
  });
});
