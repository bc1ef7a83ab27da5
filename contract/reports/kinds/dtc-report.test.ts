import { describe, expect, it } from 'vitest';
import { dataReport } from './data-report.ts';
import { alerts, trips, week } from './test-records.ts';

describe('DTC history report', () => {
  it('lists each code a vehicle reported in the period, and sums per code', () => {
    const report = dataReport('dtc-history', week, { trips, alerts, visits: [], vehicleDays: [], drivers: [] });
    expect(report.kind).toBe('dtc-history');
    expect(report.tables[1]?.rows).toEqual([
      ['Truck 1', 'P0301', 'Cylinder 1 misfire detected', '2026-12-02 09:00', '2026-12-04 09:00', 3, 'critical', 'open'],
      ['Truck 2', 'P0301', 'Cylinder 1 misfire detected', '2026-12-04 09:00', '2026-12-04 09:00', 1, 'critical', 'resolved'],
      ['Truck 2', 'P0420', 'no description known', '2026-12-05 09:00', '2026-12-05 10:00', 1, 'warning', 'acknowledged'],
    ]);
    expect(report.tables[0]?.rows).toEqual([
      ['P0301', 'Cylinder 1 misfire detected', 2, 4, 1, 'critical'],
      ['P0420', 'no description known', 1, 1, 1, 'warning'],
    ]);
    expect(report.headline.map((h) => h.value)).toEqual(['3', '2', '2', '2']);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 0, 1, 0, 1, 1, 0]);
  });

  it('has no rows for a period without codes', () => {
    const report = dataReport('dtc-history', { ...week, period: { from: '2026-11-23', to: '2026-11-29' } }, { trips, alerts, visits: [], vehicleDays: [], drivers: [] });
    expect(report.tables.map((t) => t.rows.length)).toEqual([0, 0]);
    expect(report.headline[0]?.value).toBe('0');
  });
});
