import { describe, expect, it } from 'vitest';
import { makeUnits } from './units.ts';

const at = Date.UTC(2026, 11, 6, 9, 33, 28); // 10:33:28 in Stockholm

describe('makeUnits', () => {
  it('writes a Swedish tenant’s times in 24-hour form and its dates day first', () => {
    const sv = makeUnits({ distanceUnit: 'km', timeZone: 'Europe/Stockholm', locale: 'sv-SE' });
    expect(sv.time(at)).toBe('10:33:28');
    expect(sv.clock(at)).toBe('10:33');
    expect(sv.date(at)).toBe('6 dec. 2026');
    expect(sv.number(12345.6, 1)).toBe('12\u00a0345,6');
    expect(sv.speed(88)).toBe('88 km/h');
  });

  it('writes a US tenant in miles, 12-hour times and month-first dates', () => {
    const us = makeUnits({ distanceUnit: 'mi', timeZone: 'America/Chicago', locale: 'en-US' });
    expect(us.time(at)).toMatch(/^3:33:28\sAM$/); // ICU puts a narrow or a plain space
    expect(us.clock(at)).toMatch(/^3:33\sAM$/);
    expect(us.date(at)).toBe('Dec 6, 2026');
    expect(us.speed(88)).toBe('55 mph');
    expect(us.distance(10)).toBe('6.2 mi');
    expect(us.speedUnit).toBe('mph');
  });

  it('falls back to this computer’s locale and zone for an unknown tag or zone instead of failing', () => {
    const odd = makeUnits({ distanceUnit: 'km', timeZone: 'Stockholm', locale: 'not a locale!' });
    expect(odd.locale).toBe(new Intl.NumberFormat().resolvedOptions().locale);
    expect(odd.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
