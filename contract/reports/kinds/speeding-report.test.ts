import { describe, expect, it } from 'vitest';
import { speedingReport } from './speeding-report.ts';
import { alerts, week } from './test-records.ts';

describe('speeding report', () => {
  it('lists the overspeed alerts that opened in the period with speed, limit and excess', () => {
    const report = speedingReport(week, alerts);
    expect(report.tables[1]?.rows).toEqual([
      ['Truck 1', 'Anna Berg', '2026-12-01 08:10', '2026-12-01 08:20', 2, 2, 104.5, 90, 14.5, 'posted', 'Sveaplan, Gothenburg'],
      // Still going when last written: no duration yet.
      ['Truck 2', null, '2026-12-03 11:00', '2026-12-03 11:01', 1, null, 130, 110, 20, 'account', 'Sveaplan, Gothenburg'],
    ]);
  });

  it('counts episodes per vehicle and per day and names the worst excess', () => {
    const report = speedingReport(week, alerts);
    expect(report.tables[0]?.rows).toEqual([['Truck 1', 2, 1, 14.5, 104.5], ['Truck 2', 1, 1, 20, 130]]);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 2, 0, 1, 0, 0, 0]);
    expect(report.headline.map((h) => h.value)).toEqual(['3', '2', '+20 km/h']);
    expect(report.headline[2]?.note).toBe('Truck 2, 2026-12-03 11:00');
  });

  it('converts speeds to mph for a tenant in miles', () => {
    const report = speedingReport({ ...week, distanceUnit: 'mi' }, alerts);
    expect(report.tables[1]?.columns[6]).toBe('Speed (mph)');
    expect(report.tables[1]?.rows[0]?.slice(6, 9)).toEqual([64.9, 55.9, 9]);
  });
});
