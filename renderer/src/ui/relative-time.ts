const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * "just now", "3 min ago", "5 h ago", "2 d ago", then a date. Short on purpose: dispatchers scan a
 * column of these. A time slightly in the future (clock skew between vehicle and server) reads as
 * "just now" rather than something alarming.
 */
export function formatRelativeTime(iso: string | null, now: number, date: (epochMs: number) => string = (ms) => fallbackDate.format(ms)): string {
  if (iso === null) return 'Never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'Unknown';
  const elapsed = now - then;
  if (elapsed < 45_000) return 'just now';
  if (elapsed < hour) return `${Math.max(1, Math.round(elapsed / minute))} min ago`;
  if (elapsed < day) return `${Math.floor(elapsed / hour)} h ago`;
  if (elapsed < 7 * day) return `${Math.floor(elapsed / day)} d ago`;
  return date(then);
}

// Outside a workspace (no tenant formats yet) this computer's locale writes dates.
const fallbackDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Full date and time, for tooltips next to a relative time (pass the tenant's `units.dateTime`). */
export function formatAbsoluteTime(iso: string | null, dateTime: (epochMs: number) => string = (ms) => absolute.format(ms)): string {
  if (iso === null) return 'Never seen';
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : dateTime(then);
}
