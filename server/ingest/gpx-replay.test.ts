import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { PositionHistoryResponse } from '../../contract/api/positions.ts';
import type { TripListResponse } from '../../contract/api/trips.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { distanceLatLonM } from '../../contract/geo/sphere.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { at } from '../test/defined.ts';

// A recorded ride (Strava export shipped by the stoplight package, MIT), shifted to the last hour.
const gpx = readFileSync(createRequire(import.meta.url).resolve('stoplight/gpx/sample-ride.gpx'), 'utf8');
const raw = [...gpx.matchAll(/<trkpt lat="([-\d.]+)" lon="([-\d.]+)">[\s\S]*?<time>([^<]+)<\/time>/g)].map((m) => ({ lat: Number(m[1]), lon: Number(m[2]), t: Date.parse(m[3] ?? '') }));
const shift = Date.now() - 3600_000 - (raw[0]?.t ?? 0);
const track = raw.map((p, i) => {
  const prev = raw[i - 1];
  const mps = prev && p.t > prev.t ? distanceLatLonM(prev.lat, prev.lon, p.lat, p.lon) / ((p.t - prev.t) / 1000) : 0;
  return { ...p, t: p.t + shift, mps };
});

const freight = demoDevices.filter((d) => d.tenant === demoTenants.gothenburgFreight);
const viaQuery = at(freight, 0);
const viaJson = at(freight, 1);
const suite = useTestFleet();
let token: string;

beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.gothenburgFreight.id);
});

async function replay(send: (p: (typeof track)[number]) => Promise<number>) {
  // In chunks, as a phone does when it flushes its offline buffer; each chunk in flight together.
  for (let i = 0; i < track.length; i += 50) {
    const statuses = await Promise.all(track.slice(i, i + 50).map(send));
    expect(new Set(statuses)).toEqual(new Set([200]));
  }
}

async function stored(deviceId: string) {
  const from = new Date(at(track, 0).t - 1000).toISOString();
  const to = new Date(at(track, track.length - 1).t + 1000).toISOString();
  const positions = await suite.fleet.app.inject({ url: `/api/positions?deviceId=${deviceId}&from=${from}&to=${to}&limit=5000`, headers: bearer(token) });
  const trips = await suite.fleet.app.inject({ url: `/api/trips?deviceId=${deviceId}`, headers: bearer(token) });
  return { positions: positions.json<PositionHistoryResponse>().items, trips: trips.json<TripListResponse>().items };
}

describe('GPX replay through both OsmAnd variants', () => {
  it('stores the same track, trip and speeds', async () => {
    await replay(async (p) => {
      const query = `id=${viaQuery.uniqueId}&lat=${p.lat}&lon=${p.lon}&timestamp=${p.t / 1000}&speed=${p.mps / 0.514444}&bearing=0`;
      return (await suite.fleet.app.inject({ method: 'GET', url: `/?${query}` })).statusCode;
    });
    await replay(async (p) => {
      const body = { device_id: viaJson.uniqueId, location: { timestamp: new Date(p.t).toISOString(), coords: { latitude: p.lat, longitude: p.lon, speed: p.mps, heading: 0 }, is_moving: true } };
      return (await suite.fleet.app.inject({ method: 'POST', url: '/', payload: body })).statusCode;
    });
    const a = await stored(viaQuery.id);
    const b = await stored(viaJson.id);
    expect(a.positions).toHaveLength(track.length);
    expect(b.positions).toHaveLength(track.length);
    a.positions.forEach((p, i) => {
      const q = at(b.positions, i);
      expect([q.fixTime, q.latitude, q.longitude]).toEqual([p.fixTime, p.latitude, p.longitude]);
      expect(q.speedKmh).toBeCloseTo(p.speedKmh, 2);
      expect(p.speedKmh).toBeCloseTo(at(track, i).mps * 3.6, 2);
    });
    expect(a.trips.length).toBeGreaterThan(0);
    expect(b.trips.map((t) => [t.startTime, t.endTime, t.distanceKm, t.pointCount])).toEqual(a.trips.map((t) => [t.startTime, t.endTime, t.distanceKm, t.pointCount]));
    const total = a.trips.reduce((km, t) => km + t.distanceKm, 0);
    expect(total).toBeGreaterThan(1);
  });

  it('adds nothing to the track for a stored time: other content is kept aside, an identical resend is a duplicate', async () => {
    const p = at(track, 10);
    // The replay sent this time over OsmAnd with a speed; this record has none: not a retry
    // (decision 0113), so it is kept in position_conflicts; sent again, it is a duplicate.
    const send = () => suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: [{ deviceId: viaQuery.uniqueId, time: p.t, latitude: p.lat, longitude: p.lon }] } });
    expect((await send()).json()).toEqual({ stored: 0, duplicates: 0, conflicts: 1, rejected: [] });
    expect((await send()).json()).toEqual({ stored: 0, duplicates: 1, conflicts: 0, rejected: [] });
    expect((await stored(viaQuery.id)).positions).toHaveLength(track.length);
  });
});
