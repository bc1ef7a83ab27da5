import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PathFinder from 'geojson-path-finder';
import type { FeatureCollection, LineString, Point, Feature } from 'geojson';
import type { IngestResult, TelemetryRecord } from '../contract/api/telemetry.ts';
import { bearingLatLonDeg, distanceLatLonM } from '../contract/geo/sphere.ts';

/**
 * Real data for the console E2E, sent through the fleet cloud's real ingest endpoint (no shortcuts
 * into the database): a trip driven on Gothenburg's OpenStreetMap roads, and live fixes that break
 * the speed limit so the rules raise real alerts.
 */
export async function ingest(serverUrl: string, records: TelemetryRecord[]): Promise<IngestResult> {
  const response = await fetch(`${serverUrl}/api/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  const result = (await response.json()) as IngestResult;
  if (result.rejected.length) throw new Error(`ingest rejected records: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  return result;
}

/** GF Truck 02 (North depot): parked in the seed, so a trip in its past changes nobody's live view. */
export const tripVehicle = { name: 'GF Truck 02', uniqueId: '356938035643802' };
/**
 * The vehicle whose trips the replay specs drive. Specs share one fleet cloud, so it is not used by
 * any other spec: another drive on it in the same hour would merge into the replayed trip.
 */
export const replayVehicle = { name: 'GF Truck 05', uniqueId: '356938035643805' };
/** GF Truck 03 (North depot, moving): gets the overspeeding fix. */
export const speedingVehicle = { name: 'GF Truck 03', uniqueId: '356938035643803' };

type PathFinderCtor = new (network: FeatureCollection<LineString>) => { findPath(a: Feature<Point>, b: Feature<Point>): { path: [number, number][] } | undefined };
let network: { finder: InstanceType<PathFinderCtor>; vertices: [number, number][] } | null = null;

/** The shortest road route between two places (the 16 MB network is parsed once per worker). */
export function roadRoute(from: [number, number], to: [number, number]): [number, number][] {
  if (!network) {
    const roads = JSON.parse(readFileSync(join(import.meta.dirname, '../node_modules/geojson-path-finder/test/large-network.json'), 'utf8')) as FeatureCollection<LineString>;
    const Finder = ((PathFinder as unknown as { default?: PathFinderCtor }).default ?? PathFinder) as unknown as PathFinderCtor;
    network = { finder: new Finder(roads), vertices: roads.features.flatMap((f) => f.geometry.coordinates as [number, number][]) };
  }
  const { finder, vertices } = network;
  const snap = ([lon, lat]: [number, number]): Feature<Point> => {
    let best = vertices[0] ?? [lon, lat];
    let bestD = Infinity;
    for (const v of vertices) {
      const d = (v[0] - lon) ** 2 + (v[1] - lat) ** 2;
      if (d < bestD) [bestD, best] = [d, v];
    }
    return { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: best } };
  };
  const found = finder.findPath(snap(from), snap(to));
  if (!found) throw new Error(`no road route from ${from.join(',')} to ${to.join(',')}`);
  return found.path;
}

/** Between two [lon, lat] route points (contract/geo). */
const metres = (a: [number, number], b: [number, number]) => distanceLatLonM(a[1], a[0], b[1], b[0]);
const bearing = (a: [number, number], b: [number, number]) => bearingLatLonDeg(a[1], a[0], b[1], b[0]);

/**
 * A delivery run that ended `endedAgoMin` minutes ago: drive a road route at town speeds with a
 * fix every 5 s, a 3-minute stop half way (a delivery), drive on, then park for 7 minutes (which
 * closes the trip on the server). The battery charges while driving and sags while parked.
 */
export function deliveryRun(uniqueId: string, startedAgoMin: number): TelemetryRecord[] {
  const first = roadRoute([11.9412, 57.7356], [11.9746, 57.7089]);
  const second = roadRoute([11.9746, 57.7089], [12.0134, 57.7121]);
  const records: TelemetryRecord[] = [];
  let t = Date.now() - startedAgoMin * 60_000;
  const push = (p: [number, number], speedKmh: number, course: number, volts: number) =>
    records.push({ deviceId: uniqueId, time: new Date(t).toISOString(), latitude: p[1], longitude: p[0], speedKmh, course: Math.round(course) % 360, ignition: true, batteryVoltage: volts });
  const drive = (route: [number, number][], cruiseKmh: number) => {
    // Walk the route by distance: one fix per 5 s at a speed that varies like town traffic.
    const lengths = route.slice(1).map((b, i) => metres(route[i] as [number, number], b));
    let segment = 0;
    let into = 0;
    for (let k = 0; segment < lengths.length; k++) {
      const a = route[segment] as [number, number];
      const b = route[segment + 1] as [number, number];
      const f = (lengths[segment] ?? 1) > 0 ? into / (lengths[segment] ?? 1) : 0;
      const speed = cruiseKmh + 12 * Math.sin(k / 6);
      push([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], speed, bearing(a, b), 13.9 + 0.2 * Math.sin(t / 60_000));
      t += 5_000;
      into += (speed / 3.6) * 5;
      while (segment < lengths.length && into >= (lengths[segment] ?? 0)) into -= lengths[segment++] ?? 0;
    }
  };
  const stand = (at: [number, number], minutes: number, everyS: number, volts: (k: number) => number) => {
    for (let k = 0; k < (minutes * 60) / everyS; k++) {
      push(at, 0, 0, volts(k));
      t += everyS * 1000;
    }
  };
  drive(first, 42);
  stand(first.at(-1) as [number, number], 3, 15, () => 12.9);
  drive(second, 48);
  stand(second.at(-1) as [number, number], 7, 30, (k) => 12.7 - k * 0.02);
  return records;
}

/** One fix now, well over the limit: the live rules raise an overspeed alert for it. */
export function overspeedFix(uniqueId: string): TelemetryRecord {
  return { deviceId: uniqueId, time: new Date().toISOString(), latitude: 57.7189, longitude: 11.9402, speedKmh: 128, course: 45, ignition: true };
}
