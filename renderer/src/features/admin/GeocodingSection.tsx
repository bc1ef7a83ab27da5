import { useState, type FormEvent } from 'react';
import { defaultNominatimGeocoder } from '../../../../contract/api/provider-settings.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { geocoderFromForm } from './geocoder-form.ts';
import { useUnits } from '../../ui/units.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/**
 * The provider's geocoding service (operators): the fleet cloud's built-in addresses, or a
 * Nominatim-compatible service with its rate limit and timeout. Every client account's
 * addresses come from here; when the service fails, the built-in data answers.
 */
export function GeocodingSection({ workspaceId }: { workspaceId: string }) {
  const settings = useAdminQuery(workspaceId, 'providerSettings', null, (b) => b.admin.getProviderSettings({ workspaceId }));
  const save = useAdminMutation(workspaceId, (b, input: { version: number; form: FormData }) =>
    b.admin.updateProviderSettings({ workspaceId, patch: { expectedVersion: input.version, changes: { geocoder: geocoderFromForm(input.form) } } }),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const units = useUnits();
  const [kind, setKind] = useState<'builtin' | 'nominatim' | null>(null);
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorNote error={settings.error} />;
  const { settings: s, version, updatedBy, updatedAt } = settings.data;
  const geocoder = s.geocoder;
  const nominatim = geocoder.kind === 'nominatim' ? geocoder : { ...defaultNominatimGeocoder, url: '' };
  const shownKind = kind ?? geocoder.kind;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(null);
    save.mutate({ version, form: new FormData(event.currentTarget) }, { onSuccess: (next) => setNotice(`Saved as version ${next.version}.`) });
  };

  return (
    <form className="admin-form admin-section" onSubmit={onSubmit} key={version} aria-label="Geocoding service">
      <h3>Geocoding service</h3>
      <p className="admin-muted" data-testid="provider-settings-version">
        Version {version}
        {updatedBy ? `, changed by ${updatedBy.displayName} on ${units.dateTime(Date.parse(updatedAt))}` : ' (defaults)'}
      </p>
      <p className="admin-muted">
        Addresses, place search and nearest-vehicle routes for every client account. The built-in data covers the
        Gothenburg road network and Nordic towns (OpenStreetMap, GeoNames); a Nominatim-compatible service adds
        house-level addresses elsewhere. When the service is slow or down, the built-in data answers and the console
        marks those addresses as approximate.
      </p>
      <fieldset className="admin-fieldset admin-grid">
        <label className="field__label" htmlFor="g-kind">
          Source
          <select id="g-kind" name="geocoderKind" className="input" defaultValue={geocoder.kind} onChange={(e) => setKind(e.target.value === 'nominatim' ? 'nominatim' : 'builtin')}>
            <option value="builtin">Built-in data only</option>
            <option value="nominatim">Nominatim-compatible service</option>
          </select>
        </label>
        {shownKind === 'nominatim' && (
          <>
            <TextField id="g-url" name="geocoderUrl" type="url" label="Service URL" hint="https, or http on this server (127.0.0.1)" defaultValue={nominatim.url} required />
            <TextField id="g-rate" name="geocoderRate" type="number" min={0.1} max={100} step="any" label="Requests per second" hint="The public Nominatim allows 1" defaultValue={nominatim.maxRequestsPerSecond} />
            <TextField id="g-timeout" name="geocoderTimeoutS" type="number" min={0.1} max={30} step="any" label="Give up after (seconds)" defaultValue={nominatim.timeoutMs / 1000} />
            <TextField id="g-language" name="geocoderLanguage" label="Language of names" hint="e.g. sv or en; empty: the service's" defaultValue={nominatim.language} />
          </>
        )}
      </fieldset>
      <ErrorNote error={save.error} />
      {notice && <InlineAlert tone="info">{notice}</InlineAlert>}
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Save geocoding service
        </button>
      </div>
    </form>
  );
}
