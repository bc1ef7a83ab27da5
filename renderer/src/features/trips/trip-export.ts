import { csvText } from '../../../../contract/reports/csv.ts';
import type { TrackColumns } from './track-math.ts';

/** One trip to export: its identity and its track (times are offsets from `startMs`). */
export interface ExportTrip {
  vehicleName: string;
  startMs: number;
  track: TrackColumns;
  /** Where the trip started and ended, in words (contract/address-words.ts). */
  startAddress?: string;
  endAddress?: string;
}

const csvHeader = 'vehicle,time_utc,latitude,longitude,speed_kmh,course_deg,address';

/**
 * CSV of one or more trips, one row per recorded point, times in UTC ISO-8601 so a spreadsheet
 * in any zone reads them the same; units are metric and say so in the header. The address column
 * is filled on each trip's first and last row (where it started and ended).
 */
export function tripsToCsv(trips: readonly ExportTrip[]): string {
  const lines = [csvHeader];
  for (const trip of trips) {
    const name = csvText(trip.vehicleName);
    const { t, lat, lon, speedKmh, course } = trip.track;
    for (let i = 0; i < t.length; i++) {
      const address = i === 0 ? trip.startAddress : i === t.length - 1 ? trip.endAddress : undefined;
      lines.push(
        `${name},${new Date(trip.startMs + (t[i] ?? 0)).toISOString()},${(lat[i] ?? 0).toFixed(6)},${(lon[i] ?? 0).toFixed(6)},${(speedKmh[i] ?? 0).toFixed(1)},${Math.round(course[i] ?? 0)},${address ? csvText(address) : ''}`,
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function xml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * GPX 1.1 with one track per trip (one segment each). GPX 1.1 dropped <speed> and <course> from
 * track points, and its schema only admits elements of another namespace in <extensions>: they go
 * in Garmin's TrackPointExtension v2 (speed in m/s, course in degrees), which GPX tools read.
 */
const trackPointExtension = 'http://www.garmin.com/xmlschemas/TrackPointExtension/v2';

export function tripsToGpx(title: string, trips: readonly ExportTrip[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gpx version="1.1" creator="Fleet console" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="${trackPointExtension}">`,
    `  <metadata><name>${xml(title)}</name></metadata>`,
  ];
  for (const trip of trips) {
    const from = trip.startAddress ? `From ${trip.startAddress}` : '';
    const to = trip.endAddress ? `to ${trip.endAddress}` : '';
    const desc = [from, to].filter(Boolean).join(' ');
    out.push(`  <trk><name>${xml(`${trip.vehicleName} ${new Date(trip.startMs).toISOString()}`)}</name>${desc ? `<desc>${xml(desc)}</desc>` : ''}<trkseg>`);
    const { t, lat, lon, speedKmh, course } = trip.track;
    for (let i = 0; i < t.length; i++) {
      out.push(
        `    <trkpt lat="${(lat[i] ?? 0).toFixed(6)}" lon="${(lon[i] ?? 0).toFixed(6)}"><time>${new Date(trip.startMs + (t[i] ?? 0)).toISOString()}</time>` +
          `<extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>${((speedKmh[i] ?? 0) / 3.6).toFixed(2)}</gpxtpx:speed>` +
          `<gpxtpx:course>${Math.round(course[i] ?? 0) % 360}</gpxtpx:course></gpxtpx:TrackPointExtension></extensions></trkpt>`,
      );
    }
    out.push('  </trkseg></trk>');
  }
  out.push('</gpx>');
  return `${out.join('\n')}\n`;
}
