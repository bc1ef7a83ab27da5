import { useState, type FormEvent } from 'react';
import { featureNames, type TenantSettings } from '../../../../contract/api/settings.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { MapSourceFields } from './MapSourceFields.tsx';
import { changedSettings } from './settings-form.ts';
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
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorNote error={settings.error} />;
  const { settings: s, version, updatedBy, updatedAt } = settings.data;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const changes = changedSettings(new FormData(event.currentTarget), s);
    if (Object.keys(changes).length === 0) return setNotice('Nothing changed.');
    setNotice(null);
    save.mutate({ version, changes }, { onSuccess: (next) => setNotice(`Saved as version ${next.version}.`) });
  };

  return (
    <form className="admin-form admin-section" onSubmit={onSubmit} key={version}>
      <h3>Account settings</h3>
      <p className="admin-muted" data-testid="settings-version">
        Version {version}
        {updatedBy ? `, changed by ${updatedBy.displayName} on ${new Date(updatedAt).toLocaleString()}` : ' (defaults)'}
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
        <TextField id="s-zone" name="timeZone" label="Time zone (IANA)" defaultValue={s.timeZone} required />
        <TextField id="s-limit" name="defaultSpeedLimitKmh" type="number" min={5} max={250} label="Default speed limit (km/h)" defaultValue={s.defaultSpeedLimitKmh} />
        <TextField id="s-margin" name="overspeedMarginKmh" type="number" min={0} max={50} label="Overspeed margin (km/h)" defaultValue={s.overspeedMarginKmh} />
        <TextField id="s-offline" name="offlineTimeoutMinutes" type="number" min={1} step="any" label="Offline after (minutes)" defaultValue={s.offlineTimeoutSeconds / 60} />
        <TextField id="s-battery" name="lowBatteryVolts" type="number" step="0.1" min={5} max={30} label="Low battery below (V)" defaultValue={s.lowBatteryVolts} />
        <TextField id="s-retention" name="retentionDays" type="number" min={7} max={3650} label="Keep data for (days)" defaultValue={s.retentionDays} />
        <MapSourceFields current={s.mapSource} />
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
