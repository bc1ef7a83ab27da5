import { describe, expect, it } from 'vitest';
import { findStops, formatDuration, indexAt, playedPath, positionAt, trackBounds } from './track-math.ts';
import { dayRange, shiftDay, startOfDay } from './trip-day.ts';
import { exportFileName } from '../../../../contract/reports/report-formats.ts';
import { tripsToCsv, tripsToGpx } from './trip-export.ts';

const track = {
  t: [0, 10_000, 20_000, 200_000, 210_000],
  lat: [57.7, 57.701, 57.702, 57.702, 57.703],
  lon: [11.9, 11.901, 11.902, 11.902, 11.904],
  speedKmh: [30, 40, 0, 0, 50],
  course: [350, 10, 10, 10, 90],
};

describe('replay position', () => {
  it('finds the last point at or before a time, clamped to the track', () => {
    expect(indexAt(track.t, -5)).toBe(0);
    expect(indexAt(track.t, 9_999)).toBe(0);
    expect(indexAt(track.t, 10_000)).toBe(1);
    expect(indexAt(track.t, 150_000)).toBe(2);
    expect(indexAt(track.t, 999_999)).toBe(4);
  });

  it('interpolates between fixes and turns the short way round north', () => {
    const p = positionAt(track, 5_000);
    expect(p?.lat).toBeCloseTo(57.7005, 6);
    expect(p?.speedKmh).toBeCloseTo(35, 6);
    expect(p?.course).toBeCloseTo(0, 6); // 350° → 10° passes through 0°, not 180°
    expect(positionAt({ t: [], lat: [], lon: [], speedKmh: [], course: [] }, 0)).toBeNull();
  });

  it('builds the played path up to the interpolated head', () => {
    const path = playedPath(track, 15_000);
    expect(path).toHaveLength(3);
    expect(path[2]?.[1]).toBeCloseTo(57.7015, 6);
  });
});

describe('stops and bounds', () => {
  it('marks standing still for at least the minimum, not shorter waits', () => {
    expect(findStops(track)).toEqual([{ startT: 20_000, endT: 210_000, lat: 57.702, lon: 11.902 }]);
    expect(findStops(track, 500_000)).toEqual([]);
  });

  it('bounds every point', () => {
    expect(trackBounds(track)).toEqual([11.9, 57.7, 11.904, 57.703]);
    expect(trackBounds({ lat: [], lon: [] })).toBeNull();
  });

  it('formats durations for people', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
  });
});

describe('tenant days', () => {
  it('starts a Stockholm day at local midnight, including across DST', () => {
    expect(new Date(startOfDay('2026-01-15', 'Europe/Stockholm')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(startOfDay('2026-07-15', 'Europe/Stockholm')).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    const dst = dayRange('2026-03-29', 'Europe/Stockholm');
    expect((dst.to - dst.from) / 3600_000).toBe(23);
  });

  it('shifts calendar days across month ends and rejects bad input', () => {
    expect(shiftDay('2026-02-28', 1)).toBe('2026-03-01');
    expect(shiftDay('2026-01-01', -1)).toBe('2025-12-31');
    expect(() => startOfDay('15/01/2026', 'UTC')).toThrow(/YYYY-MM-DD/);
  });
});

describe('exports', () => {
  const trip = { vehicleName: 'Truck "7", north', startMs: Date.UTC(2026, 0, 15, 8), track };

  it('writes CSV with a header, UTC times and quoted names', () => {
    const lines = tripsToCsv([trip]).trimEnd().split('\r\n');
    expect(lines[0]).toBe('vehicle,time_utc,latitude,longitude,speed_kmh,course_deg,address');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe('"Truck ""7"", north",2026-01-15T08:00:10.000Z,57.701000,11.901000,40.0,10,');
  });

  it('writes GPX 1.1 with escaped names and speed in m/s', () => {
    const gpx = tripsToGpx('Day <1>', [trip, trip]);
    expect(gpx).toContain('<name>Day &lt;1&gt;</name>');
    expect(gpx.match(/<trk>/g)).toHaveLength(2);
    expect(gpx).toContain('<trkpt lat="57.701000" lon="11.901000"><time>2026-01-15T08:00:10.000Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>11.11</gpxtpx:speed>');
  });

  it('names files without characters a file system refuses', () => {
    expect(exportFileName(['GF Truck/01', '2026-01-15'], 'gpx')).toBe('GF_Truck_01-2026-01-15.gpx');
  });
});
