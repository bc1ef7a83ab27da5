import { createContext, useContext } from 'react';

export interface UnitPreferences {
  distanceUnit: 'km' | 'mi';
  timeZone: string;
}

/** Number formatting in the tenant's units and time zone; everything stored stays metric. */
export interface Units {
  distanceUnit: 'km' | 'mi';
  timeZone: string;
  speed(kmh: number): string;
  distance(km: number): string;
  /** Speed as a bare number in the display unit (charts). */
  speedValue(kmh: number): number;
  speedUnit: string;
  time(epochMs: number): string;
  dateTime(epochMs: number): string;
  /** YYYY-MM-DD of an instant in the tenant's time zone. */
  day(epochMs: number): string;
}

const kmPerMile = 1.609344;

export function makeUnits({ distanceUnit, timeZone }: UnitPreferences): Units {
  const zone = safeZone(timeZone);
  const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium', timeZone: zone });
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone });
  const miles = distanceUnit === 'mi';
  const speedUnit = miles ? 'mph' : 'km/h';
  return {
    distanceUnit,
    timeZone: zone,
    speedUnit,
    speedValue: (kmh) => (miles ? kmh / kmPerMile : kmh),
    speed: (kmh) => `${whole.format(miles ? kmh / kmPerMile : kmh)} ${speedUnit}`,
    distance: (km) => `${oneDecimal.format(miles ? km / kmPerMile : km)} ${miles ? 'mi' : 'km'}`,
    time: (ms) => time.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    day: (ms) => day.format(ms),
  };
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

export const defaultUnits = makeUnits({ distanceUnit: 'km', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });

export const UnitsContext = createContext<Units>(defaultUnits);

export function useUnits(): Units {
  return useContext(UnitsContext);
}
