import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, type TenantSettings } from '../../../../contract/api/settings.ts';
import { changedSettings } from './settings-form.ts';

const current: TenantSettings = { displayName: 'Lake Buses', ...defaultTenantSettings };

function formOf(settings: TenantSettings, edits: Record<string, string | null> = {}): FormData {
  const form = new FormData();
  const values: Record<string, string | null> = {
    displayName: settings.displayName,
    accentColor: settings.accentColor,
    distanceUnit: settings.distanceUnit,
    volumeUnit: settings.volumeUnit,
    timeZone: settings.timeZone,
    defaultSpeedLimitKmh: String(settings.defaultSpeedLimitKmh),
    offlineTimeoutMinutes: String(settings.offlineTimeoutSeconds / 60),
    lowBatteryVolts: String(settings.lowBatteryVolts),
    overspeedMarginKmh: String(settings.overspeedMarginKmh),
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
});
