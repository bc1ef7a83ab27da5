/**
 * Calendar days in a time zone: which day an instant falls on, and where a day begins and ends
 * in UTC (23 or 25 hours on daylight-saving days). The fleet cloud's daily figures and the
 * console's period pickers both cut time this way, so they agree on what "Tuesday" is.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();
const dayMs = 86_400_000;

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The day (YYYY-MM-DD) instant `t` (epoch ms) falls on in `timeZone`. */
export function localDay(t: number, timeZone: string): string {
  return dayFormat(timeZone).format(t);
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `t`, in ms. */
export function offsetAt(t: number, timeZone: string): number {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partFormats.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - (t - (t % 1000 + 1000) % 1000);
}

/** The UTC instant (epoch ms) at which `day` (YYYY-MM-DD) begins in `timeZone`. */
export function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const midnightAsUtc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // Two rounds: the offset at the first guess may differ from the one at the true midnight (DST).
  let start = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  start = midnightAsUtc - offsetAt(start, timeZone);
  return start;
}

/** The day after `day` (YYYY-MM-DD), by the calendar. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included (at most `max`; ISO strings compare by date). */
export function daysBetween(first: string, last: string, max = 3660): string[] {
  const days: string[] = [];
  for (let day = first; day <= last && days.length < max; day = nextDay(day)) days.push(day);
  return days;
}

/** A day and its bounds in UTC: [start, end). */
export interface DayWindow {
  day: string;
  start: number;
  end: number;
}

/** The window of `day` in `timeZone`. */
export function dayWindow(day: string, timeZone: string): DayWindow {
  return { day, start: dayStart(day, timeZone), end: dayStart(nextDay(day), timeZone) };
}

/**
 * Maps many instants to their days cheaply: instants of one batch mostly share a day, so the
 * last window answers without formatting a date (ingest calls this for every new fix).
 */
export class LocalDays {
  private window: DayWindow = { day: '', start: 0, end: 0 };
  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  dayOf(t: number): string {
    if (t >= this.window.start && t < this.window.end) return this.window.day;
    this.window = dayWindow(localDay(t, this.timeZone), this.timeZone);
    return this.window.day;
  }
}

export const millisecondsPerDay = dayMs;
