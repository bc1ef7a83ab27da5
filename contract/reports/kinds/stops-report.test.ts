import { describe, expect, it } from 'vitest';
import { stopsReport } from './stops-report.ts';
import { trips, week } from './test-records.ts';

describe('stops report', () => {
  it('makes a stop of each gap between two trips of a vehicle, on the day it began', () => {
    const report = stopsReport(week, trips);
    expect(report.tables[1]?.rows).toEqual([
      // After the Sunday-night trip that ended 00:30 on Monday, until Tuesday 08:00: 31.5 h.
      ['Truck 1', null, '2026-11-30 00:30', '2026-12-01 08:00', 1890, 'Sveaplan, Gothenburg'],
      ['Truck 1', 'Anna Berg', '2026-12-01 08:30', '2026-12-01 10:00', 90, 'Sveaplan, Gothenburg'],
      // The last stop of the week runs to its end (Monday 7 December 00:00 local).
      ['Truck 1', null, '2026-12-01 10:20', 'still there', 8020, 'Sveaplan, Gothenburg'],
      // Truck 2's stop ends with its first trip of the next week.
      ['Truck 2', null, '2026-12-03 01:10', '2026-12-07 07:00', 6110, 'Sveaplan, Gothenburg'],
    ]);
  });

  it('adds up the stops per vehicle and per day, and names the longest', () => {
    const report = stopsReport(week, trips);
    expect(report.tables[0]?.rows).toEqual([['Truck 1', 3, 166.67, 8020], ['Truck 2', 1, 101.83, 6110]]);
    expect(report.charts[0]?.series[0]?.values).toEqual([1, 2, 0, 1, 0, 0, 0]);
    expect(report.headline[0]).toMatchObject({ label: 'Stops', value: '4', note: 'by 2 vehicles' });
    expect(report.headline[2]).toMatchObject({ label: 'Longest stop', value: '133.7 h', note: 'Truck 1, Sveaplan, Gothenburg' });
  });

  it('ends a stop at the moment the report is made when the period has not ended yet', () => {
    const now = Date.parse('2026-12-02T09:20:00Z');
    const report = stopsReport({ ...week, now }, trips.filter((t) => Date.parse(t.startTime) < now));
    expect(report.tables[1]?.rows.find((r) => r[2] === '2026-12-01 10:20')?.[4]).toBe(1440);
  });
});
