import { describe, expect, it } from 'vitest';
import { csvText } from '../../../../contract/reports/csv.ts';
import { tripsToCsv, tripsToGpx, type ExportTrip } from './trip-export.ts';

const trip = (over: Partial<ExportTrip> = {}): ExportTrip => ({
  vehicleName: 'Truck 5',
  startMs: Date.UTC(2026, 11, 6, 8, 0, 0),
  track: { t: [0, 1000, 2000], lat: [57.7, 57.701, -33.9], lon: [11.9, 11.901, -70.5], speedKmh: [0, 30, 0], course: [0, 90, 180] },
  startAddress: 'Depot North · Sveaplan, Gothenburg',
  endAddress: '≈ 3.2 km NE of Kungälv',
  ...over,
});

describe('trip exports', () => {
  it('puts the start and end addresses on a trip’s first and last CSV rows', () => {
    const rows = tripsToCsv([trip()]).trimEnd().split('\r\n');
    expect(rows[0]).toBe('vehicle,time_utc,latitude,longitude,speed_kmh,course_deg,address');
    expect(rows[1]).toBe('Truck 5,2026-12-06T08:00:00.000Z,57.700000,11.900000,0.0,0,"Depot North · Sveaplan, Gothenburg"');
    expect(rows[2]?.endsWith(',')).toBe(true);
    // Negative coordinates are numbers we write: left alone.
    expect(rows[3]).toBe('Truck 5,2026-12-06T08:00:02.000Z,-33.900000,-70.500000,0.0,180,≈ 3.2 km NE of Kungälv');
  });

  it('neutralises text cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvText(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvText('=1,2')).toBe(`"'=1,2"`);
    expect(csvText('Sveaplan, Gothenburg')).toBe('"Sveaplan, Gothenburg"');
    const csv = tripsToCsv([trip({ vehicleName: '=cmd|calc', startAddress: '@evil' })]);
    expect(csv).toContain("\r\n'=cmd|calc,2026-12-06T08:00:00.000Z");
    expect(csv).toContain(",'@evil\r\n");
  });

  it('describes each GPX track with where it started and ended', () => {
    const gpx = tripsToGpx('Truck 5 2026-12-06', [trip({ endAddress: 'E6 & <Gothenburg>' })]);
    expect(gpx).toContain('<desc>From Depot North · Sveaplan, Gothenburg to E6 &amp; &lt;Gothenburg&gt;</desc>');
    expect(tripsToGpx('x', [trip({ startAddress: undefined, endAddress: undefined })])).not.toContain('<desc>');
  });

  it('keeps GPX 1.1 valid: speed and course sit in <extensions> under a declared foreign namespace', () => {
    const gpx = tripsToGpx('x', [trip()]);
    const declared = new Set([...(gpx.match(/<gpx [^>]*>/)?.[0] ?? '').matchAll(/xmlns:(\w+)=/g)].map((m) => m[1]));
    const inside = [...gpx.matchAll(/<extensions>(.*?)<\/extensions>/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/<(\w+)(?::\w+)?[ >]/g)].map((e) => e[0]));
    expect(inside.length).toBeGreaterThan(0);
    // GPX 1.1's schema admits only elements of another namespace here: each one has a declared prefix.
    for (const element of inside) expect(declared.has(element.slice(1).split(':')[0] ?? '') && element.includes(':'), element).toBe(true);
    expect(gpx).toContain('<gpxtpx:speed>');
    expect(gpx).toContain('<gpxtpx:course>');
  });
});
