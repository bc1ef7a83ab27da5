import { describe, expect, it } from 'vitest';
import { makeUnits } from '../units.ts';
import { dayMs, timeTickLabels } from './time-ticks.ts';

const sv = makeUnits({ distanceUnit: 'km', timeZone: 'Europe/Stockholm', locale: 'sv-SE' });
const us = makeUnits({ distanceUnit: 'mi', timeZone: 'America/Chicago', locale: 'en-US' });
const hour = 3_600_000;
// 20:00 on Sunday 6 December 2026 in Stockholm.
const evening = Date.UTC(2026, 11, 6, 19);

describe('timeTickLabels', () => {
  it('writes hourly ticks as the tenant’s clock, with the date where a day starts', () => {
    const ticks = [0, 2, 4, 6].map((k) => evening + k * 2 * hour);
    expect(timeTickLabels(ticks, 2 * hour, sv)).toEqual([`20:00\n${sv.shortDate(evening)}`, '00:00\n' + sv.shortDate(evening + 4 * hour), '04:00', '08:00']);
  });

  it('uses 12-hour clocks where the locale does', () => {
    const [first] = timeTickLabels([evening], hour, us);
    expect(first).toMatch(/^1:00\sPM\n/);
  });

  it('writes daily ticks as days, in the tenant’s zone', () => {
    const midnight = Date.UTC(2026, 11, 6, 23); // 00:00 on Monday 7 December in Stockholm
    expect(timeTickLabels([midnight, midnight + dayMs], dayMs, sv)).toEqual([sv.shortDate(midnight), sv.shortDate(midnight + dayMs)]);
    expect(sv.shortDate(midnight)).toMatch(/7 dec/);
  });
});
