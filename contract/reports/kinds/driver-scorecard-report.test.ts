import { describe, expect, it } from 'vitest';
import type { InsightsDriver, InsightsTotals } from '../../api/insights.ts';
import { dataReport } from './data-report.ts';
import { week } from './test-records.ts';

const zero: InsightsTotals = {
  distanceKm: 0, drivingS: 0, idleS: 0, engineS: 0, idleShare: 0, stops: 0, topSpeedKmh: 0, avgSpeedKmh: 0, overspeedS: 0, overspeedEvents: 0,
  harshAcceleration: 0, harshBraking: 0, harshPer100Km: 0, fuelUsedPct: null, afterHoursS: 0, afterHoursKm: 0, vehiclesUsed: 0, vehicleDaysUsed: 0,
};
const driver = (driverId: string, name: string | null, score: number, more: Partial<InsightsTotals> = {}): InsightsDriver => ({ ...zero, driverId, name, score, ...more });
const drivers = [
  driver('d1', 'Anna Berg', 92.5, { distanceKm: 320, drivingS: 18_000, idleShare: 0.05, harshPer100Km: 0.9, harshAcceleration: 2, harshBraking: 1, vehicleDaysUsed: 5 }),
  driver('d2', 'Bo Ek', 61, { distanceKm: 150, drivingS: 9000, idleShare: 0.2, overspeedS: 1800, overspeedEvents: 4, harshPer100Km: 4, vehicleDaysUsed: 3 }),
  driver('d3', null, 100, { distanceKm: 10, drivingS: 600, vehicleDaysUsed: 1 }),
];

describe('driver scorecard report', () => {
  it('ranks the drivers lowest score first with the figures the score is made of', () => {
    const report = dataReport('driver-scorecard', week, { trips: [], alerts: [], visits: [], vehicleDays: [], drivers });
    expect(report.tables[0]?.rows).toEqual([
      ['Bo Ek', 61, 150, 2.5, 20, 0.5, 4, 4, 0, 0, 0, 3],
      ['Anna Berg', 92.5, 320, 5, 5, 0, 0, 0.9, 2, 1, 0, 5],
      ['Driver outside your groups', 100, 10, 0.17, 0, 0, 0, 0, 0, 0, 0, 1],
    ]);
    expect(report.headline.map((h) => [h.value, h.note])).toEqual([
      ['3', 'of 3 listed'],
      ['84.5', 'of 100'],
      ['100', 'Driver outside your groups'],
      ['61', 'Bo Ek'],
    ]);
    expect(report.charts).toEqual([]);
  });
});
