import { describe, expect, it } from 'vitest';
import { currentPeriod, periodDueAt, previousPeriod } from './report-periods.ts';

describe('report periods', () => {
  it('sends yesterday each day, the Monday-to-Sunday week before each Monday, the month before each 1st', () => {
    expect(previousPeriod('daily', '2026-12-07')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(previousPeriod('weekly', '2026-12-07')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Monday
    expect(previousPeriod('weekly', '2026-12-06')).toEqual({ from: '2026-11-23', to: '2026-11-29' }); // a Sunday
    expect(previousPeriod('monthly', '2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousPeriod('monthly', '2027-03-15')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('knows the period in progress', () => {
    expect(currentPeriod('weekly', '2026-12-09')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(currentPeriod('monthly', '2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(currentPeriod('monthly', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('is due at 06:00 on the day after the period in the tenant’s zone, also across a daylight-saving change', () => {
    expect(new Date(periodDueAt({ from: '2026-11-30', to: '2026-12-06' }, 'Europe/Stockholm')).toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(new Date(periodDueAt({ from: '2026-06-01', to: '2026-06-30' }, 'Europe/Stockholm')).toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(new Date(periodDueAt({ from: '2026-12-06', to: '2026-12-06' }, 'America/New_York')).toISOString()).toBe('2026-12-07T11:00:00.000Z');
  });
});
