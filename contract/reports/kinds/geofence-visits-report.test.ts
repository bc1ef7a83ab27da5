import { describe, expect, it } from 'vitest';
import { geofenceVisitsReport } from './geofence-visits-report.ts';
import type { ReportVisit } from './report-context.ts';
import { anna, v1, v2, v3, week } from './test-records.ts';

const depot = '00000000-0000-4000-8000-0000000000f1';
const customer = '00000000-0000-4000-8000-0000000000f2';
const visit = (deviceId: string, geofenceId: string, enteredAt: string, leftAt: string | null, driverId: string | null = null): ReportVisit => ({
  deviceId, geofenceId, geofenceName: geofenceId === depot ? 'Depot' : 'Customer', enteredAt, leftAt, driverId,
});

// The week of test-records.ts: Europe/Stockholm (UTC+1), 30 November to 6 December 2026.
const visits: ReportVisit[] = [
  // Parked at the depot over Sunday night: 21:00 local before the week to 07:00 on Monday.
  visit(v1, depot, '2026-11-29T20:00:00Z', '2026-11-30T06:00:00Z'),
  visit(v1, customer, '2026-12-01T08:00:00Z', '2026-12-01T08:45:00Z', anna),
  // Back at the depot on Sunday evening and still there.
  visit(v1, depot, '2026-12-06T16:00:00Z', null),
  // Left only after the week ended.
  visit(v2, depot, '2026-12-05T10:00:00Z', '2026-12-07T06:00:00Z'),
  // Before and after the week: not in it.
  visit(v2, customer, '2026-11-20T08:00:00Z', '2026-11-21T08:00:00Z'),
  visit(v3, customer, '2026-12-07T08:00:00Z', null),
];

describe('geofence visits report', () => {
  it('lists each visit that overlaps the period with its time inside it, and "still inside" when it had not ended', () => {
    const report = geofenceVisitsReport(week, visits);
    expect(report.tables[1]?.columns).toEqual(['Vehicle', 'Driver', 'Geofence', 'Entered', 'Left', 'Time inside (min)']);
    expect(report.tables[1]?.rows).toEqual([
      // Counted from the week's start (Monday 00:00 local): 7 hours.
      ['Truck 1', null, 'Depot', '2026-11-29 21:00', '2026-11-30 07:00', 420],
      ['Truck 1', 'Anna Berg', 'Customer', '2026-12-01 09:00', '2026-12-01 09:45', 45],
      // Counted to the week's end (Monday 7 December 00:00 local).
      ['Truck 1', null, 'Depot', '2026-12-06 17:00', 'still inside', 420],
      ['Truck 2', null, 'Depot', '2026-12-05 11:00', 'still inside', 2220],
    ]);
  });

  it('adds up visits, vehicles and time inside per geofence, entries per day, and names the longest visit', () => {
    const report = geofenceVisitsReport(week, visits);
    expect(report.tables[0]?.rows).toEqual([['Depot', 3, 2, 51, 1020], ['Customer', 1, 1, 0.75, 45]]);
    expect(report.charts[0]?.series[0]?.values).toEqual([0, 1, 0, 0, 0, 1, 1]);
    expect(report.headline.map((h) => [h.label, h.value, h.note])).toEqual([
      ['Visits', '4', 'to 2 geofences by 2 vehicles'],
      ['Time inside', '51.8 h', '776 min a visit on average'],
      ['Longest visit', '37 h', 'Truck 2, Depot'],
    ]);
    expect(report.meta).toMatchObject({ kind: 'geofence-visits', name: 'Geofence visits' });
  });

  it('counts a visit still running to the moment the report is made when the period has not ended', () => {
    const report = geofenceVisitsReport({ ...week, now: Date.parse('2026-12-06T18:00:00Z') }, visits.slice(0, 3));
    expect(report.tables[1]?.rows.at(-1)).toEqual(['Truck 1', null, 'Depot', '2026-12-06 17:00', 'still inside', 120]);
  });

  it('says so when there were no visits', () => {
    const report = geofenceVisitsReport(week, []);
    expect(report.tables.map((t) => t.rows.length)).toEqual([0, 0]);
    expect(report.headline[2]).toMatchObject({ value: '–', note: 'no visits' });
  });
});
