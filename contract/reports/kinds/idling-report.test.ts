import { describe, expect, it } from 'vitest';
import { idlingReport } from './idling-report.ts';
import { trips, week } from './test-records.ts';

describe('idling report', () => {
  it('ranks vehicles by idle time with their share of trip time', () => {
    const report = idlingReport(week, trips);
    // Truck 2: 600 s idle, 1,800 s moving; Truck 1: 330 s idle, 2,670 s moving.
    expect(report.tables[0]?.rows).toEqual([
      ['Truck 2', 0.17, 0.5, 25, 1, 10],
      ['Truck 1', 0.09, 0.74, 11, 1, 5],
    ]);
    expect(report.headline.map((h) => h.value)).toEqual(['0.3 h', '17.2 %', '2', 'Truck 2']);
  });

  it('lists the trips that idled a minute or more, and charts idling and driving per day', () => {
    const report = idlingReport(week, trips);
    expect(report.tables[1]?.rows).toEqual([
      ['Truck 1', 'Anna Berg', '2026-12-01 08:00', '2026-12-01 08:30', 'Depot', 'Sveaplan, Gothenburg', 5, 16.7],
      ['Truck 2', null, '2026-12-03 00:30', '2026-12-03 01:10', 'Depot', 'Sveaplan, Gothenburg', 10, 25],
    ]);
    expect(report.charts[0]?.series.map((s) => [s.label, s.values])).toEqual([
      ['Idling', [0, 0.09, 0, 0.17, 0, 0, 0]],
      ['Driving', [0, 0.74, 0, 0.5, 0, 0, 0]],
    ]);
  });
});
