/**
 * The display units a tenant chose, as words: speeds and distances converted from the metric
 * values everything stores, numbers in the locale's style. The console's Units
 * (renderer/src/ui/units.ts) satisfy `UnitWords`; the fleet cloud builds one for text that leaves
 * the platform (alert e-mails) with `unitWords`.
 */
export const kmPerMile = 1.609344;

export interface UnitWords {
  distanceUnit: 'km' | 'mi';
  /** The locale the words are written in (resolved: never empty). */
  locale: string;
  /** A plain number, at most `fractionDigits` decimals (default 0). */
  number(value: number, fractionDigits?: number): string;
  speed(kmh: number): string;
  distance(km: number): string;
}

export function unitWords(distanceUnit: 'km' | 'mi', locale: string): UnitWords {
  const resolved = supportedLocale(locale);
  const formats = new Map<number, Intl.NumberFormat>();
  const number = (value: number, fractionDigits = 0) => {
    let format = formats.get(fractionDigits);
    if (!format) formats.set(fractionDigits, (format = new Intl.NumberFormat(resolved, { maximumFractionDigits: fractionDigits })));
    return format.format(value);
  };
  const miles = distanceUnit === 'mi';
  return {
    distanceUnit,
    locale: resolved,
    number,
    speed: (kmh) => `${number(miles ? kmh / kmPerMile : kmh)} ${miles ? 'mph' : 'km/h'}`,
    distance: (km) => `${number(miles ? km / kmPerMile : km, 1)} ${miles ? 'mi' : 'km'}`,
  };
}

/** The locale if this runtime knows it, else English (a tag saved by a newer console must not break a mail). */
function supportedLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}
