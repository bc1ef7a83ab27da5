/**
 * Calendar days in the tenant's time zone. A dispatcher's "Tuesday" is the tenant's Tuesday, not
 * the browser's or UTC's, so day boundaries are computed for the zone (DST days are 23 or 25 h).
 */

/** Milliseconds the zone is ahead of UTC at `epochMs`. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Midnight of `day` (YYYY-MM-DD) in the zone, as epoch ms. */
export function startOfDay(day: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`day must be YYYY-MM-DD, got "${day}"`);
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Two passes: the offset at the guessed instant can differ from the one at real midnight on DST days.
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** [from, to) of a day in the zone. */
export function dayRange(day: string, timeZone: string): { from: number; to: number } {
  return { from: startOfDay(day, timeZone), to: startOfDay(shiftDay(day, 1), timeZone) };
}

/** The day before / after, as YYYY-MM-DD (calendar arithmetic, no zone involved). */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}
