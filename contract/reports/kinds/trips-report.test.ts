import { describe, expect, it } from 'vitest';
import { reportToCsv } from '../insights-report.ts';
import { tripsReport } from './trips-report.ts';
import { anna, trips, week } from './test-records.ts';

describe('trips report', () => {
  it('lists every trip that began in the period with its places, figures and driver, in local time', () => {
    const report = tripsReport(week, trips);
    expect(report.meta).toEqual({ tenant: 'Gothenburg Freight AB', from: '2026-11-30', to: '2026-12-06', selection: 'All vehicles', kind: 'trips', name: 'Trips' });
    const table = report.tables.find((t) => t.name === 'Trips');
    expect(table?.columns).toEqual(['Vehicle', 'Driver', 'Start', 'End', 'From', 'To', 'Distance (km)', 'Duration (min)', 'Idle (min)', 'Avg speed (km/h)', 'Top speed (km/h)']);
    expect(table?.rows).toEqual([
      ['Truck 1', 'Anna Berg', '2026-12-01 08:00', '2026-12-01 08:30', 'Depot', 'Sveaplan, Gothenburg', 20, 30, 5, 48, 80],
      ['Truck 1', null, '2026-12-01 10:00', '2026-12-01 10:20', 'Depot', 'Sveaplan, Gothenburg', 10, 20, 0.5, 30, 70],
      ['Truck 2', null, '2026-12-03 00:30', '2026-12-03 01:10', 'Depot', 'Sveaplan, Gothenburg', 15, 40, 10, 30, 95],
    ]);
  });

  it('sums per vehicle and per day exactly as the rows say', () => {
    const report = tripsReport(week, trips);
    // Truck 1: 30 km, driving (1,800 − 300) + (1,200 − 30) s = 2,670 s, idle 330 s.
    expect(report.tables[0]?.rows).toEqual([['Truck 1', 2, 30, 0.74, 0.09, 80], ['Truck 2', 1, 15, 0.5, 0.17, 95]]);
    expect(report.charts[0]?.days).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 30, 0, 15, 0, 0, 0]);
    expect(report.charts[1]?.series[0]?.values).toEqual([0, 2, 0, 1, 0, 0, 0]);
    expect(report.headline.map((h) => [h.label, h.value, h.note])).toEqual([
      ['Trips', '3', 'by 2 vehicles'],
      ['Distance', '45 km', '15 km a trip'],
      ['Driving time', '1.2 h', 'moving, idling excluded'],
      ['Idling in trips', '0.3 h', '17.2 % of trip time'],
    ]);
  });

  it('writes distances and speeds in miles for a tenant that uses them, and names the driver filter', () => {
    const report = tripsReport({ ...week, distanceUnit: 'mi', selection: 'All vehicles, driven by Anna Berg' }, trips.filter((t) => t.driverId === anna));
    const table = report.tables[1];
    expect(table?.columns[6]).toBe('Distance (mi)');
    expect(table?.rows).toHaveLength(1);
    expect(table?.rows[0]?.slice(6)).toEqual([12.43, 30, 5, 29.8, 49.7]);
    expect(report.subtitle.startsWith('All vehicles, driven by Anna Berg. Times in Europe/Stockholm.')).toBe(true);
  });

  it('keeps an empty period a report with no rows and zero charts', () => {
    const report = tripsReport({ ...week, period: { from: '2026-11-01', to: '2026-11-02' } }, trips);
    expect(report.tables.map((t) => t.rows.length)).toEqual([0, 0]);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 0]);
    expect(reportToCsv(report).split('\r\n')[0]).toBe('Gothenburg Freight AB — trips 2026-11-01 to 2026-11-02');
  });
});
