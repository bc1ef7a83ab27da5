import { useState, type FormEvent } from 'react';
import { featureNames, type TenantSettings } from '../../../../contract/api/settings.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { reasonText } from '../../ui/error-text.ts';
import { formatLocales, isTimeZone, localeName, timeZoneNames } from '../../ui/locales.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { MapSourceFields } from './MapSourceFields.tsx';
import { changedSettings, speedForForm } from './settings-form.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

const featureLabels: Record<(typeof featureNames)[number], string> = {
  trips: 'Trips',
  alerts: 'Alerts',
  geofences: 'Geofences',
  obdDiagnostics: 'OBD-II diagnostics',
  liveMap: 'Live map',
};

/** The account's settings: everyone reads them, admins change them (a new version per save). */
export function SettingsSection({ workspaceId, editable }: { workspaceId: string; editable: boolean }) {
  const settings = useAdminQuery(workspaceId, 'settings', null, (b) => b.settings.get({ workspaceId }));
  const save = useAdminMutation(workspaceId, (b, input: { version: number; changes: Partial<TenantSettings> }) =>
    b.settings.update({ workspaceId, patch: { expectedVersion: input.version, changes: input.changes } }),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [zoneError, setZoneError] = useState<string | undefined>(undefined);
  const units = useUnits();
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorNote error={settings.error} />;
  const { settings: s, version, updatedBy, updatedAt } = settings.data;
  const speedUnit = s.distanceUnit === 'mi' ? 'mph' : 'km/h';
  // A stored locale outside the offered list (set through the API) is still shown and kept.
  const locales = formatLocales.includes(s.locale as (typeof formatLocales)[number]) ? formatLocales : [s.locale, ...formatLocales];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const zone = String(form.get('timeZone') ?? '').trim();
    // Checked here so a typo gets words next to the field before anything is sent.
    const badZone = isTimeZone(zone) ? undefined : (reasonText('time-zone-unknown', { timeZone: zone }) ?? undefined);
    setZoneError(badZone);
    if (badZone) return;
    const changes = changedSettings(form, s);
    if (Object.keys(changes).length === 0) return setNotice('Nothing changed.');
    setNotice(null);
    save.mutate({ version, changes }, { onSuccess: (next) => setNotice(`Saved as version ${next.version}.`) });
  };

  return (
    <form className="admin-form admin-section" onSubmit={onSubmit} key={version}>
      <h3>Account settings</h3>
      <p className="admin-muted" data-testid="settings-version">
        Version {version}
        {updatedBy ? `, changed by ${updatedBy.displayName} on ${units.dateTime(Date.parse(updatedAt))}` : ' (defaults)'}
      </p>
      <fieldset className="admin-fieldset admin-grid" disabled={!editable}>
        <TextField id="s-display" name="displayName" label="Display name" defaultValue={s.displayName} required />
        <TextField id="s-accent" name="accentColor" type="color" label="Accent colour" defaultValue={s.accentColor} />
        <label className="field__label" htmlFor="s-distance">
          Distance unit
          <select id="s-distance" name="distanceUnit" className="input" defaultValue={s.distanceUnit}>
            <option value="km">Kilometres (km, km/h)</option>
            <option value="mi">Miles (mi, mph)</option>
          </select>
        </label>
        <label className="field__label" htmlFor="s-volume">
          Volume unit
          <select id="s-volume" name="volumeUnit" className="input" defaultValue={s.volumeUnit}>
            <option value="l">Litres</option>
            <option value="gal">Gallons</option>
          </select>
        </label>
        <TextField
          id="s-zone"
          name="timeZone"
          label="Time zone"
          list="s-zone-names"
          autoComplete="off"
          spellCheck={false}
          hint="Type to search, e.g. Stockholm or New York"
          error={zoneError}
          defaultValue={s.timeZone}
          required
        />
        <datalist id="s-zone-names">
          {timeZoneNames().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <label className="field__label" htmlFor="s-locale">
          Formats (times, dates, numbers)
          <select id="s-locale" name="locale" className="input" defaultValue={s.locale}>
            {locales.map((locale) => (
              <option key={locale} value={locale}>
                {localeName(locale)}
              </option>
            ))}
          </select>
        </label>
        <TextField id="s-limit" name="defaultSpeedLimit" type="number" min={speedForForm(5, s.distanceUnit)} max={speedForForm(250, s.distanceUnit)} label={`Default speed limit (${speedUnit})`} defaultValue={speedForForm(s.defaultSpeedLimitKmh, s.distanceUnit)} />
        <TextField id="s-margin" name="overspeedMargin" type="number" min={0} max={speedForForm(50, s.distanceUnit)} label={`Overspeed margin (${speedUnit})`} defaultValue={speedForForm(s.overspeedMarginKmh, s.distanceUnit)} />
        <TextField id="s-offline" name="offlineTimeoutMinutes" type="number" min={1} step="any" label="Offline after (minutes)" defaultValue={s.offlineTimeoutSeconds / 60} />
        <TextField id="s-battery" name="lowBatteryVolts" type="number" step="0.1" min={5} max={30} label="Low battery below (V)" defaultValue={s.lowBatteryVolts} />
        <TextField id="s-retention" name="retentionDays" type="number" min={7} max={3650} label="Keep data for (days)" defaultValue={s.retentionDays} />
        <MapSourceFields workspaceId={workspaceId} current={s.mapSource} />
        <fieldset className="admin-fieldset">
          <legend>Features</legend>
          {featureNames.map((f) => (
            <label key={f} className="admin-check">
              <input type="checkbox" name={`feature.${f}`} defaultChecked={s.features[f]} /> {featureLabels[f]}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <ErrorNote error={save.error} />
      {notice && <InlineAlert tone="info">{notice}</InlineAlert>}
      {editable ? (
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            Save settings
          </button>
        </div>
      ) : (
        <p className="admin-muted">Only owners and admins can change these.</p>
      )}
    </form>
  );
}
