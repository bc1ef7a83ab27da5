import { beforeAll, describe, expect, it } from 'vitest';
import type { InsightsResponse } from '../../../../contract/api/insights.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../../../demo/demo-fleet.ts';
import { defined } from '../../../test/defined.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

/**
 * The dashboard's periods read from the rollups of migration 138 (vehicle spans, the fleet's
 * days, driver spans): the same answers as the vehicle-day rows would give, scoped like them, and
 * up to date after late data (decision docs/decisions/0330-insights-from-spans.md).
 */
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight;
const tz = 'Europe/Stockholm';
const device = (name: string) => defined(demoDevices.find((d) => d.tenant === tenant && d.name === name), name);
const north = device('GF Truck 01');
const south = device('GF Truck 04');
const dayMs = 86_400_000;
let owner: string;
let southViewer: string;
let driverId: string;

/** 20 minutes at 36 km/h (12 km), one fix every 10 s, starting at `t`. */
const drive = (uniqueId: string, t: number) =>
  Array.from({ length: 121 }, (_, i) => ({ deviceId: uniqueId, time: t + i * 10_000, latitude: 57.7, longitude: 11.9 + i * 0.0017, speedKmh: 36, ignition: true }));

async function ingest(records: ReturnType<typeof drive>) {
  const sent = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(sent.json()).toMatchObject({ stored: records.length });
  await suite.fleet.app.ingest.drain();
  await suite.fleet.app.insights.drain();
}

async function insights(token: string, query: string): Promise<InsightsResponse> {
  const response = await suite.fleet.app.inject({ url: `/api/insights?${query}`, headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<InsightsResponse>();
  // The series and the totals come from different rollups: they must still add up.
  expect(body.series.reduce((sum, d) => sum + d.distanceKm, 0)).toBeCloseTo(body.totals.distanceKm, 1);
  return body;
}

const period = (days: number) => `from=${localDay(Date.now() - (days - 1) * dayMs, tz)}&to=${localDay(Date.now(), tz)}`;
const km = (body: InsightsResponse) => Math.round(body.totals.distanceKm);

beforeAll(async () => {
  owner = await accessTokenFor(suite.fleet.app, 'maria', tenant.id);
  southViewer = await accessTokenFor(suite.fleet.app, 'vera', tenant.id);
  const created = await suite.fleet.app.inject({ method: 'POST', url: '/api/drivers', headers: bearer(owner), payload: { name: 'Span Driver' } });
  expect(created.statusCode, created.body).toBe(201);
  driverId = created.json<{ id: string }>().id;
  const at = Date.now() - 2 * dayMs - 3 * 3600_000;
  const assigned = await suite.fleet.app.inject({
    method: 'POST', url: '/api/driver-assignments', headers: bearer(owner),
    payload: { driverId, deviceId: north.id, from: new Date(at - 3600_000).toISOString(), to: new Date(at + 3600_000).toISOString() },
  });
  expect(assigned.statusCode, assigned.body).toBe(201);
  // North: two days ago with the driver, and 100 days ago (the previous 90 days); south: 40 days ago.
  await ingest([...drive(north.uniqueId, Date.now() - 100 * dayMs), ...drive(north.uniqueId, at), ...drive(south.uniqueId, Date.now() - 40 * dayMs)]);
});

describe('insights over the rollups', () => {
  it('sums a whole-fleet period, its previous period and the drivers from spans', async () => {
    const quarter = await insights(owner, period(90));
    expect(km(quarter)).toBe(24);
    expect(quarter.totals.vehiclesUsed).toBe(2);
    expect(quarter.totals.vehicleDaysUsed).toBe(2);
    expect(Math.round(quarter.previous.distanceKm)).toBe(12);
    expect(quarter.series.filter((d) => d.distanceKm > 0)).toHaveLength(2);
    expect(quarter.drivers).toEqual([expect.objectContaining({ driverId, name: 'Span Driver', vehiclesUsed: 1, vehicleDaysUsed: 1 })]);
    expect(Math.round(defined(quarter.drivers[0], 'the driver').distanceKm)).toBe(12);
    const week = await insights(owner, period(7));
    expect(km(week)).toBe(12);
    expect(week.vehicles[0]).toMatchObject({ deviceId: north.id, vehicleDaysUsed: 1 });
  });

  it('pages the drivers on their own: the vehicles\' next page leaves the drivers where they were', async () => {
    const secondVehicles = await insights(owner, `${period(90)}&limit=1&offset=1`);
    expect(secondVehicles).toMatchObject({ offset: 1, driverOffset: 0, driverCount: 1 });
    expect(secondVehicles.vehicles).toHaveLength(1);
    expect(secondVehicles.drivers.map((d) => d.driverId)).toEqual([driverId]);
    const pastDrivers = await insights(owner, `${period(90)}&limit=1&driverOffset=1`);
    expect(pastDrivers).toMatchObject({ offset: 0, driverOffset: 1, driverCount: 1, drivers: [] });
    expect(pastDrivers.vehicles[0]?.deviceId).toBe(north.id);
  });

  it('gives a group-scoped user and a group filter only their vehicles and drivers', async () => {
    const scoped = await insights(southViewer, period(90));
    expect(km(scoped)).toBe(12);
    expect(scoped.vehicles.every((v) => v.deviceId !== north.id)).toBe(true);
    expect(scoped.driverCount).toBe(0);
    expect(scoped.previous.distanceKm).toBe(0);
    const filtered = await insights(owner, `${period(90)}&groupId=${demoGroups.northDepot.id}`);
    expect(km(filtered)).toBe(12);
    expect(filtered.drivers.map((d) => d.driverId)).toEqual([driverId]);
    const byDriver = await insights(owner, `${period(90)}&driverId=${driverId}`);
    expect(km(byDriver)).toBe(12);
    expect(byDriver.vehicles.map((v) => v.deviceId)).toEqual([north.id]);
  });

  it('takes late data into every span that holds its day', async () => {
    await ingest(drive(south.uniqueId, Date.now() - 30 * dayMs));
    expect(km(await insights(owner, period(90)))).toBe(36);
    expect(km(await insights(owner, period(31)))).toBe(24);
    const scoped = await insights(southViewer, period(90));
    expect(km(scoped)).toBe(24);
    expect(scoped.vehicles.find((v) => v.deviceId === south.id)?.vehicleDaysUsed).toBe(2);
    // A year: the longest spans (256 days) hold all of it, the previous year nothing.
    const year = await insights(owner, period(366));
    expect(km(year)).toBe(48);
    expect(year.previous.distanceKm).toBe(0);
  });
});
