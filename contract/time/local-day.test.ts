import { describe, expect, it } from 'vitest';
import { dayStart, dayWindow, daysBetween, localDay, LocalDays, nextDay } from './local-day.ts';

const tz = 'Europe/Stockholm';

describe('local days', () => {
  it('puts an instant on the day of the wall clock, not of UTC', () => {
    expect(localDay(Date.parse('2026-12-06T23:30:00Z'), tz)).toBe('2026-12-07');
    expect(localDay(Date.parse('2026-12-06T22:59:59Z'), tz)).toBe('2026-12-06');
    expect(localDay(Date.parse('2026-12-06T23:30:00Z'), 'America/New_York')).toBe('2026-12-06');
  });

  it('starts a day at local midnight, and daylight-saving days are 23 and 25 hours long', () => {
    expect(new Date(dayStart('2026-12-06', tz)).toISOString()).toBe('2026-12-05T23:00:00.000Z');
    expect(new Date(dayStart('2026-07-01', tz)).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    const spring = dayWindow('2026-03-29', tz);
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const autumn = dayWindow('2026-10-25', tz);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });

  it('counts calendar days across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('maps many instants the same as one by one, across midnight and DST', () => {
    const days = new LocalDays(tz);
    for (let t = Date.parse('2026-10-24T00:00:00Z'); t < Date.parse('2026-10-27T00:00:00Z'); t += 17 * 60_000) {
      expect(days.dayOf(t)).toBe(localDay(t, tz));
    }
  });
});
