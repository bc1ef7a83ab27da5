/**
 * The languages and regions offered for formats (tenant setting and personal override). Formats
 * only: the console's words stay English. Names come from Intl.DisplayNames in the list's own
 * language, so "svenska (Sverige)" reads right to whoever needs it.
 */
export const formatLocales = ['en-GB', 'en-US', 'sv-SE', 'nb-NO', 'da-DK', 'fi-FI', 'de-DE', 'nl-NL', 'fr-FR', 'es-ES', 'it-IT', 'pl-PL'] as const;

export function localeName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? `${name} — ${locale}` : locale;
  } catch {
    return locale;
  }
}

/** Every IANA time zone this runtime knows, for the searchable picker (never free text). */
export function timeZoneNames(): readonly string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** Whether `zone` is one the runtime accepts (the picker's check before anything is saved). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}
