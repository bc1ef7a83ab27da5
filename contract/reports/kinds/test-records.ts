import type { ReportAlert, ReportContext, ReportTrip } from './report-context.ts';

/**
 * A small fleet's week for the report builders' tests (Europe/Stockholm, Monday 30 November to
 * Sunday 6 December 2026; UTC+1, so 07:00Z is 08:00 local). Two trucks, one driver.
 */
export const v1 = '00000000-0000-4000-8000-000000000001';
export const v2 = '00000000-0000-4000-8000-000000000002';
export const v3 = '00000000-0000-4000-8000-000000000003';
export const anna = '00000000-0000-4000-8000-0000000000d1';

export const week: ReportContext = {
  tenantName: 'Gothenburg Freight AB',
  timeZone: 'Europe/Stockholm',
  distanceUnit: 'km',
  period: { from: '2026-11-30', to: '2026-12-06' },
  selection: 'All vehicles',
  vehicleNames: new Map([[v1, 'Truck 1'], [v2, 'Truck 2'], [v3, 'Van 3']]),
  driverNames: new Map([[anna, 'Anna Berg']]),
  now: Date.parse('2026-12-07T12:00:00Z'),
};

const street = { kind: 'street', street: 'Sveaplan', locality: 'Gothenburg', source: 'builtin', approximate: false } as const;
const here = (name: string | null) => ({ latitude: 57.7, longitude: 11.9, name, address: street });

function trip(id: string, deviceId: string, driverId: string | null, startTime: string, endTime: string, distanceKm: number, idleS: number, maxSpeedKmh: number, avgSpeedKmh: number): ReportTrip {
  return {
    id, deviceId, driverId, status: 'closed', startTime, endTime, start: here('Depot'), end: here(null), distanceKm,
    durationS: (Date.parse(endTime) - Date.parse(startTime)) / 1000, idleS, maxSpeedKmh, avgSpeedKmh,
  };
}

export const trips: ReportTrip[] = [
  // Ends 00:30 local on Monday: not in the trips report (began on Sunday), but its stop is in the stops report.
  trip('t4', v1, null, '2026-11-29T22:00:00Z', '2026-11-29T23:30:00Z', 40, 0, 90, 30),
  trip('t1', v1, anna, '2026-12-01T07:00:00Z', '2026-12-01T07:30:00Z', 20, 300, 80, 48),
  trip('t2', v1, null, '2026-12-01T09:00:00Z', '2026-12-01T09:20:00Z', 10, 30, 70, 30),
  // Begins 00:30 local on Thursday 3 December.
  trip('t3', v2, null, '2026-12-02T23:30:00Z', '2026-12-03T00:10:00Z', 15, 600, 95, 30),
  // After the week: ends Truck 2's last stop.
  trip('t5', v2, null, '2026-12-07T06:00:00Z', '2026-12-07T06:30:00Z', 5, 0, 50, 20),
];

function alert(id: string, deviceId: string, type: ReportAlert['type'], openedAt: string, lastSeenAt: string, occurrences: number, details: Record<string, unknown>, extra: Partial<ReportAlert> = {}): ReportAlert {
  return { id, deviceId, type, severity: 'warning', status: 'open', openedAt, lastSeenAt, occurrences, details, address: street, ...extra };
}

export const alerts: ReportAlert[] = [
  alert('a1', v1, 'overspeed', '2026-12-01T07:10:00Z', '2026-12-01T07:20:00Z', 2,
    { speedKmh: 104.5, limitKmh: 90, limitSource: 'posted', startedAt: '2026-12-01T07:18:00Z', endedAt: '2026-12-01T07:20:00Z' }, { driverId: anna }),
  alert('a2', v2, 'overspeed', '2026-12-03T10:00:00Z', '2026-12-03T10:01:00Z', 1, { speedKmh: 130, limitKmh: 110, limitSource: 'tenant', startedAt: '2026-12-03T10:00:00Z' }),
  alert('a4', v1, 'overspeed', '2026-11-25T10:00:00Z', '2026-11-25T10:01:00Z', 1, { speedKmh: 99, limitKmh: 90, limitSource: 'tenant' }),
  alert('a3', v1, 'dtc', '2026-12-02T08:00:00Z', '2026-12-04T08:00:00Z', 3, { code: 'P0301', description: 'Cylinder 1 misfire detected' }, { severity: 'critical' }),
  alert('a5', v2, 'dtc', '2026-12-04T08:00:00Z', '2026-12-04T08:00:00Z', 1, { code: 'P0301', description: 'Cylinder 1 misfire detected' }, { severity: 'critical', status: 'resolved' }),
  alert('a6', v2, 'dtc', '2026-12-05T08:00:00Z', '2026-12-05T09:00:00Z', 1, { code: 'P0420', description: null }, { status: 'acknowledged' }),
];
