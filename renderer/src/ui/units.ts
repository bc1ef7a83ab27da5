import { createContext, useContext } from 'react';
import { kmPerMile, unitWords, type UnitWords } from '../../../contract/units.ts';

export interface UnitPreferences {
  distanceUnit: 'km' | 'mi';
  timeZone: string;
  /** BCP 47 tag: the tenant's, or the person's own override. Undefined: this computer's. */
  locale?: string | undefined;
}

/**
 * The console's one formatting module: times, dates and numbers in the tenant's locale (24-hour
 * where customary), time zone and units; everything stored stays metric and UTC. Components get
 * it from UnitsContext, never build an Intl formatter of their own.
 */
export interface Units extends UnitWords {
  timeZone: string;
  /** A calendar date of an instant ("6 dec. 2026"). */
  date(epochMs: number): string;
  /** Weekday, day and month of an instant, for chart axes and read-outs ("Sun 6 Dec"). */
  shortDate(epochMs: number): string;
  /** Speed as a bare number in the display unit (charts). */
  speedValue(kmh: number): number;
  speedUnit: string;
  time(epochMs: number): string;
  /** Hours and minutes of an instant, for chart axes ("10:33" or "10:33 AM"). */
  clock(epochMs: number): string;
  dateTime(epochMs: number): string;
  /** YYYY-MM-DD of an instant in the tenant's time zone. */
  day(epochMs: number): string;
}

export function makeUnits({ distanceUnit, timeZone, locale: wanted }: UnitPreferences): Units {
  const zone = safeZone(timeZone);
  const locale = safeLocale(wanted);
  // Numbers, speeds and distances are worded as the fleet cloud's e-mails word them (contract/units.ts).
  const words = unitWords(distanceUnit, locale);
  const time = lazily(() => new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: zone }));
  const clock = lazily(() => new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone }));
  const date = lazily(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone }));
  const shortDate = lazily(() => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }));
  const dateTime = lazily(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }));
  const day = lazily(() => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }));
  const miles = distanceUnit === 'mi';
  const speedUnit = miles ? 'mph' : 'km/h';
  return {
    ...words,
    timeZone: zone,
    date: (ms) => date().format(ms),
    shortDate: (ms) => shortDate().format(ms),
    speedUnit,
    speedValue: (kmh) => (miles ? kmh / kmPerMile : kmh),
    time: (ms) => time().format(ms),
    clock: (ms) => clock().format(ms),
    dateTime: (ms) => dateTime().format(ms),
    day: (ms) => day().format(ms),
  };
}

/**
 * A formatter built on its first use: building an Intl formatter costs milliseconds, and the
 * console builds Units (the default, then the tenant's) on its way to the first frame, before it
 * writes any time or date.
 */
function lazily<T extends object>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** A bad zone name from a server must not break every timestamp: fall back to the local zone. */
function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return zone;
  } catch {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
}

/** An unknown or empty tag must not break every number either: fall back to this computer's. */
function safeLocale(locale: string | undefined): string {
  try {
    if (locale) return Intl.getCanonicalLocales(locale)[0] ?? new Intl.NumberFormat().resolvedOptions().locale;
  } catch {
    // fall through
  }
  return new Intl.NumberFormat().resolvedOptions().locale;
}

export const defaultUnits = makeUnits({ distanceUnit: 'km', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });

export const UnitsContext = createContext<Units>(defaultUnits);

export function useUnits(): Units {
  return useContext(UnitsContext);
}
