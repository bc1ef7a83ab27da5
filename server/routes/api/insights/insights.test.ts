import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import type { InsightsResponse } from '../../../../contract/api/insights.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { defined } from '../../../test/defined.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const taxis = demoDevices.filter((d) => d.tenant === demoTenants.harbourTaxi);
const taxi = defined(taxis[0], 'a Harbour Taxi demo vehicle');
const suite = useTestFleet();
let viewer: string;
const tz = 'Europe/Stockholm';

beforeAll(async () => {
  viewer = await accessTokenFor(suite.fleet.app, 'viktor', demoTenants.harbourTaxi.id);
});

/** 20 minutes at 36 km/h (12 km), one fix every 10 s, starting at `t`. */
const drive = (t: number) => Array.from({ length: 121 }, (_, i) => ({ deviceId: taxi.uniqueId, time: t + i * 10_000, latitude: 57.7, longitude: 11.9 + i * 0.0017, speedKmh: 36, ignition: true }));

async function insights(query: string) {
  const response = await suite.fleet.app.inject({ url: `/api/insights?${query}`, headers: bearer(viewer) });
  return { status: response.statusCode, body: response.json<InsightsResponse & ApiErrorBody>() };
}

describe('GET /api/insights', () => {
  it('sums the kept daily figures for a period, against the previous one, per day and per vehicle', async () => {
    const now = Date.now();
    const today = localDay(now, tz);
    const recent = now - 2 * 86_400_000 - 3 * 3600_000;
    const driveDay = localDay(recent, tz);
    const records = [...drive(recent), ...drive(now - 8 * 86_400_000)];
    const sent = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
    expect(sent.json()).toMatchObject({ stored: records.length });
    await suite.fleet.app.ingest.drain();
    await suite.fleet.app.insights.drain();

    const from = localDay(now - 6 * 86_400_000, tz);
    const week = await insights(`from=${from}&to=${today}`);
    expect(week.status, JSON.stringify(week.body)).toBe(200);
    expect(week.body.series).toHaveLength(7);
    expect(week.body.totals.distanceKm).toBeGreaterThan(11);
    expect(week.body.totals.drivingS).toBeGreaterThanOrEqual(1190);
    expect(week.body.totals.avgSpeedKmh).toBeCloseTo(36, -1);
    expect(week.body.series.find((d) => d.day === driveDay)?.distanceKm).toBe(week.body.totals.distanceKm);
    expect(week.body.previous.distanceKm).toBeGreaterThan(11); // the drive eight days ago
    const row = week.body.vehicles.find((v) => v.deviceId === taxi.id);
    expect(row?.vehicleDaysUsed).toBe(1);
    // Every taxi of the account is ranked, the unused ones with zeros ("least used").
    expect(week.body.vehicles.length).toBe(taxis.length);
    expect(week.body.vehicleCount).toBe(taxis.length);
    expect(week.body.vehicles[0]?.deviceId).toBe(taxi.id); // ranked by distance, most first
    expect(week.body.vehicles[0]?.name).toBe(taxi.name);
    expect(week.body.totals.vehiclesUsed).toBe(1);

    // One page of the least used: the driving taxi comes last, so a page of 2 leaves it out.
    const least = await insights(`from=${from}&to=${today}&sort=distanceKm&order=asc&limit=2`);
    expect(least.body.vehicles).toHaveLength(2);
    expect(least.body.vehicles.map((v) => v.deviceId)).not.toContain(taxi.id);
    expect(least.body).toMatchObject({ vehicleCount: taxis.length, sort: 'distanceKm', order: 'asc', limit: 2, offset: 0 });
    expect(least.body.totals).toEqual(week.body.totals); // totals are the whole selection's, not the page's
    const last = await insights(`from=${from}&to=${today}&sort=distanceKm&order=asc&limit=2&offset=${taxis.length - 1}`);
    expect(last.body.vehicles.map((v) => v.deviceId)).toEqual([taxi.id]);
    expect(week.body.trips).toBeGreaterThanOrEqual(1);

    const other = await insights(`from=${from}&to=${today}&deviceId=${defined(taxis[1], 'a second taxi').id}`);
    expect(other.body.totals.distanceKm).toBe(0);
    // No unit sent a fuel level: the figure is not reported (null), not 0 %, and ranks last.
    expect(week.body.totals.fuelUsedPct).toBeNull();
    expect(week.body.previous.fuelUsedPct).toBeNull();
    expect(week.body.vehicles.every((v) => v.fuelUsedPct === null)).toBe(true);
  });

  it('reports fuel burnt where an OBD unit sent its level, and ranks vehicles without a figure last', async () => {
    const second = defined(taxis[1], 'a second taxi');
    const start = Date.now() - 4 * 86_400_000;
    const obd = drive(start).map((r, i) => ({ ...r, deviceId: second.uniqueId, fuelLevelPercent: 60 - i * 0.02 }));
    const sent = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: obd } });
    expect(sent.json()).toMatchObject({ stored: obd.length });
    await suite.fleet.app.ingest.drain();
    await suite.fleet.app.insights.drain();
    const from = localDay(Date.now() - 6 * 86_400_000, tz);
    const today = localDay(Date.now(), tz);
    const week = await insights(`from=${from}&to=${today}&sort=fuelUsedPct&order=asc`);
    expect(week.body.totals.fuelUsedPct).toBeCloseTo(2.4, 1);
    expect(week.body.vehicles[0]).toMatchObject({ deviceId: second.id, fuelUsedPct: 2.4 });
    expect(week.body.vehicles.slice(1).every((v) => v.fuelUsedPct === null)).toBe(true);
  });

  it('keeps the vehicle rollup equal to the slot rows summed (migration 110)', async () => {
    const owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
    await owner.connect();
    try {
      const differ = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM (
          SELECT tenant_id, day, device_id, sum(distance_m) AS d, sum(driving_s) AS s, sum(harsh_braking)::int AS h FROM insights_daily GROUP BY 1, 2, 3
          EXCEPT SELECT tenant_id, day, device_id, distance_m, driving_s, harsh_braking FROM insights_vehicle_daily) AS x`);
      const rollup = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM insights_vehicle_daily');
      expect(rollup.rows[0]?.n).toBeGreaterThan(0);
      expect(differ.rows[0]?.n).toBe(0);
    } finally {
      await owner.end();
    }
  });

  it('refuses a reversed or too long period, naming the field and the limit', async () => {
    const reversed = await insights('from=2026-12-05&to=2026-12-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ reason: 'range-reversed', field: 'to' });
    const long = await insights('from=2025-01-01&to=2026-12-01');
    expect(long.body).toMatchObject({ reason: 'range-too-long', field: 'to', params: { maxDays: 366 } });
    const bad = await insights('from=yesterday&to=2026-12-01');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('from');
    const page = await insights('from=2026-12-01&to=2026-12-05&limit=501');
    expect(page.status).toBe(400);
    expect(page.body.field).toBe('limit');
    const sort = await insights('from=2026-12-01&to=2026-12-05&sort=name');
    expect(sort.status).toBe(400);
    expect(sort.body.field).toBe('sort');
  });
});
