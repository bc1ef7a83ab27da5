import { describe, expect, it } from 'vitest';
import { periodDays, presetPeriod } from './insights-period.ts';

describe('presetPeriod', () => {
  it('ends the rolling periods today', () => {
    expect(presetPeriod('last7', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetPeriod('last30', '2026-12-06')).toEqual({ from: '2026-11-07', to: '2026-12-06' });
  });
  it('takes the previous Monday-to-Sunday week, also on a Sunday and a Monday', () => {
    expect(presetPeriod('lastWeek', '2026-12-06')).toEqual({ from: '2026-11-23', to: '2026-11-29' }); // a Sunday
    expect(presetPeriod('lastWeek', '2026-12-07')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Monday
  });
  it('takes the previous calendar month, across a year', () => {
    expect(presetPeriod('lastMonth', '2026-12-06')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
  it('counts the days of a period, both ends included', () => {
    expect(periodDays({ from: '2026-11-30', to: '2026-12-06' })).toBe(7);
  });
});
