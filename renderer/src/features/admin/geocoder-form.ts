import { defaultNominatimGeocoder, type GeocoderSettings } from '../../../../contract/api/provider-settings.ts';
import { field } from './use-admin.ts';

/**
 * The geocoder the form describes. Numbers the browser's inputs already bound are passed on as
 * typed; the fleet cloud validates everything again and names the field it refuses.
 */
export function geocoderFromForm(form: FormData): GeocoderSettings {
  if (field(form, 'geocoderKind') !== 'nominatim') return { kind: 'builtin' };
  const number = (name: string, fallback: number) => {
    const value = Number(field(form, name));
    return field(form, name) === '' || !Number.isFinite(value) ? fallback : value;
  };
  return {
    kind: 'nominatim',
    url: field(form, 'geocoderUrl'),
    maxRequestsPerSecond: number('geocoderRate', defaultNominatimGeocoder.maxRequestsPerSecond),
    timeoutMs: Math.round(number('geocoderTimeoutS', defaultNominatimGeocoder.timeoutMs / 1000) * 1000),
    language: field(form, 'geocoderLanguage'),
  };
}
