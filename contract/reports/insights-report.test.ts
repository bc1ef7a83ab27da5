import { describe, expect, it } from 'vitest';
import type { InsightsResponse, InsightsTotals } from '../api/insights.ts';
import { insightsReport, reportToCsv } from './insights-report.ts';

const zero: InsightsTotals = {
  distanceKm: 0, drivingS: 0, idleS: 0, engineS: 0, idleShare: 0, stops: 0, topSpeedKmh: 0, avgSpeedKmh: 0, overspeedS: 0, overspeedEvents: 0,
  harshAcceleration: 0, harshBraking: 0, harshPer100Km: 0, fuelUsedPct: 0, afterHoursS: 0, afterHoursKm: 0, vehiclesUsed: 0, vehicleDaysUsed: 0,
};
const week: InsightsResponse = {
  from: '2026-11-30', to: '2026-12-06', previousFrom: '2026-11-23', previousTo: '2026-11-29', timeZone: 'Europe/Stockholm',
  totals: { ...zero, distanceKm: 120.5, drivingS: 7200, idleS: 900, idleShare: 0.1111, vehiclesUsed: 1, vehicleDaysUsed: 2 },
  previous: { ...zero, distanceKm: 100, drivingS: 3600 },
  trips: 4, alertsByType: { overspeed: 3, harsh_braking: 1 },
  series: [{ day: '2026-11-30', distanceKm: 120.5, drivingS: 7200, idleS: 900, overspeedS: 0, harshEvents: 1, vehiclesUsed: 1 }],
  vehicles: [], vehicleCount: 2, drivers: [], driverCount: 0, sort: 'distanceKm', order: 'desc', offset: 0, limit: 50,
};

describe('insights report', () => {
  it('lays out the summary against the previous period, per day, vehicles and drivers', () => {
    const report = insightsReport('Gothenburg Freight AB', week, [{ ...week.totals, deviceId: 'd1', name: '=Truck 1', score: 97.5 }], [{ ...zero, driverId: 'x', name: null, score: 100 }]);
    expect(report.tables.map((t) => t.name)).toEqual(['Summary', 'Per day', 'Vehicles', 'Drivers']);
    expect(report.tables[0]?.rows[0]).toEqual(['Distance (km)', 120.5, 100, 20.5]);
    expect(report.tables[0]?.rows[1]).toEqual(['Driving (h)', 2, 1, 100]);
    expect(report.tables[0]?.rows.at(-2)).toEqual(['Alerts: overspeed', 3, null, null]);
    expect(report.tables[2]?.rows[0]?.slice(0, 3)).toEqual(['=Truck 1', 120.5, 2]);
    expect(report.tables[3]?.rows[0]?.[0]).toBe('Driver outside your groups');
  });

  it('says "not reported" for fuel when no vehicle sent a fuel level, and carries the headline and the per-day charts', () => {
    const report = insightsReport('Gothenburg Freight AB', { ...week, totals: { ...week.totals, fuelUsedPct: null } }, [], [], 'Group North depot');
    expect(report.tables[0]?.rows.find((r) => r[0] === 'Fuel used (% of tank)')).toEqual(['Fuel used (% of tank)', 'not reported', 0, null]);
    expect(report.headline.find((h) => h.label === 'Fuel used')).toEqual({ label: 'Fuel used', value: 'not reported', change: null });
    expect(report.headline.find((h) => h.label === 'Distance')).toEqual({ label: 'Distance', value: '121 km', change: '+21 %' });
    expect(report.meta).toEqual({ tenant: 'Gothenburg Freight AB', from: '2026-11-30', to: '2026-12-06', selection: 'Group North depot' });
    expect(report.subtitle.startsWith('Group North depot.')).toBe(true);
    expect(report.charts.map((c) => [c.title, c.unit, c.series.map((x) => x.values)])).toEqual([
      ['Distance per day', 'km', [[120.5]]],
      ['Driving and idling per day', 'h', [[2], [0.25]]],
    ]);
  });

  it('writes CSV with every table under its name and neutralises formula-like names', () => {
    const csv = reportToCsv(insightsReport('Gothenburg Freight AB', week, [{ ...week.totals, deviceId: 'd1', name: '=Truck 1', score: 97.5 }], []));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Gothenburg Freight AB — fleet insights 2026-11-30 to 2026-12-06');
    expect(lines).toContain('Distance (km),120.5,100,20.5');
    expect(lines).toContain('2026-11-30,120.5,2,0.25,0,1,1');
    expect(lines.find((l) => l.includes('Truck 1'))?.startsWith("'=Truck 1,120.5,2,")).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
