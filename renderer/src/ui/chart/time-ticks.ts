/** The formatters a time axis needs, in the tenant's locale and zone (ui/units.ts provides them). */
export interface TickFormats {
  /** Hours and minutes ("10:30"). */
  clock(epochMs: number): string;
  /** Weekday, day and month ("Sun 6 Dec"). */
  shortDate(epochMs: number): string;
  /** A key that differs between calendar days in the tenant's zone (YYYY-MM-DD). */
  day(epochMs: number): string;
}

export const dayMs = 86_400_000;

/** Tick steps of an axis that shows one point per day: whole days and weeks, never 12 h. */
export const dayIncrementsS = [1, 2, 3, 7, 14, 28].map((days) => days * 86_400);

/**
 * The labels of a time axis's ticks. Steps of a day or more say the day. Shorter steps say the
 * clock time, and the first tick and the first tick of each new day add the date on a second line,
 * so 48 hours of hourly buckets never leave "which 14:00?" open.
 */
export function timeTickLabels(ticksMs: readonly number[], stepMs: number, f: TickFormats): string[] {
  if (stepMs >= dayMs) return ticksMs.map((t) => f.shortDate(t));
  let previous = '';
  return ticksMs.map((t) => {
    const day = f.day(t);
    const label = day === previous ? f.clock(t) : `${f.clock(t)}\n${f.shortDate(t)}`;
    previous = day;
    return label;
  });
}
