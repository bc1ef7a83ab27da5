import { describe, expect, it } from 'vitest';
import { dataReport } from './data-report.ts';
import type { ReportVehicleDay } from './report-context.ts';
import { v1, v2, week } from './test-records.ts';

const day = (d: string, deviceId: string, km: number, drivingS: number, idleS: number, overspeedS = 0): ReportVehicleDay => ({
  day: d, deviceId, distanceKm: km, drivingS, idleS, stops: 3, topSpeedKmh: 92, overspeedS, overspeedEvents: overspeedS > 0 ? 1 : 0, harshEvents: 2, afterHoursS: 0,
});
const days = [day('2026-12-01', v2, 40, 3600, 600, 120), day('2026-12-01', v1, 10.5, 1800, 0), day('2026-12-03', v1, 0, 0, 300), day('2026-11-29', v1, 99, 9000, 0)];

describe('daily summary report', () => {
  it('sums the vehicle-days of each day of the period, days without figures included', () => {
    const report = dataReport('daily-summary', week, { trips: [], alerts: [], visits: [], vehicleDays: days, drivers: [] });
    expect(report.tables[0]?.rows).toEqual([
      ['2026-11-30', 0, 0, 0, 0, 0, 0, 0, 0],
      ['2026-12-01', 2, 50.5, 1.5, 0.17, 10, 6, 2, 4],
      ['2026-12-02', 0, 0, 0, 0, 0, 0, 0, 0],
      // A vehicle that only idled reported, but did not drive.
      ['2026-12-03', 0, 0, 0, 0.08, 100, 3, 0, 2],
      ['2026-12-04', 0, 0, 0, 0, 0, 0, 0, 0],
      ['2026-12-05', 0, 0, 0, 0, 0, 0, 0, 0],
      ['2026-12-06', 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(report.headline.map((h) => h.value)).toEqual(['51 km', '1.5 h', '2', '0 h']);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 50.5, 0, 0, 0, 0, 0]);
  });

  it('lists each vehicle-day by day, then by vehicle name', () => {
    const report = dataReport('daily-summary', week, { trips: [], alerts: [], visits: [], vehicleDays: days, drivers: [] });
    expect(report.tables[1]?.rows.map((r) => [r[0], r[1], r[2], r[5], r[8]])).toEqual([
      ['2026-12-01', 'Truck 1', 10.5, 0, 0],
      ['2026-12-01', 'Truck 2', 40, 14.3, 2],
      ['2026-12-03', 'Truck 1', 0, 100, 0],
    ]);
  });
});
