import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertListResponse } from '../contract/api/alerts.ts';
import type { LatestPositionsResponse } from '../contract/api/positions.ts';
import type { TripListResponse } from '../contract/api/trips.ts';
import { demoAccounts, demoPassword, demoTenants } from '../demo/demo-accounts.ts';
import { startFleetCloud, type FleetCloud } from '../server/start-fleet-cloud.ts';
import { startTestPostgres, type TestPostgres } from '../server/test/test-postgres.ts';
import { FleetApi } from './fleet-api.ts';
import { demoSimDevices } from './fleet-builder.ts';
import { startSimulation } from './simulation-runner.ts';

let postgres: TestPostgres;
let cloud: FleetCloud;
beforeAll(async () => {
  postgres = await startTestPostgres();
  cloud = await startFleetCloud({ port: 0, databaseUrl: await postgres.createDatabase(), seedDemo: true });
});
afterAll(async () => {
  await cloud?.close();
  await postgres?.stop();
});

const tenants = [
  { tenant: demoTenants.gothenburgFreight, user: demoAccounts.maria.username },
  { tenant: demoTenants.harbourTaxi, user: demoAccounts.maria.username },
  { tenant: demoTenants.cityUtilities, user: demoAccounts.sofia.username },
];
const apiFor = (tenantId: string, user: string) => FleetApi.signIn(cloud.url, user, demoPassword, () => tenantId);

describe('the simulator against a real fleet cloud', () => {
  it('drives the demo fleet through every protocol: positions, trips and the expected alerts appear', async () => {
    // Short timings: the taxis' tenant gets a 40 km/h limit so ordinary city driving overspeeds;
    // incidents are frequent, stops short, and 20 minutes of driving replay in about 10 seconds.
    // A parked unit reports every 5 s (not every minute), so a short parking stop still sends the
    // ignition-off fix that closes its trip — otherwise whether any trip closes in the window
    // depends on how the seeded stops fall, and CI saw a run where none did.
    const taxis = await apiFor(demoTenants.harbourTaxi.id, demoAccounts.maria.username);
    await taxis.patch('/api/settings', { changes: { defaultSpeedLimitKmh: 40 } });
    const lines: string[] = [];
    const simulation = await startSimulation({
      server: cloud.url, rateHz: 1, seed: 7, provision: false, operator: { username: 'operator', password: demoPassword }, geofences: true,
      statusEveryS: 2, backfillS: 1200, timeScale: 120,
      incidents: { speedingPerHour: 40, harshBrakingPerHour: 40, dtcPerHour: 30, offlinePerHour: 0, dwellScale: 0.1, parkedReportS: 5 },
      log: (line) => lines.push(line),
    });
    const deadline = Date.now() + 90_000;
    while (simulation.simulator.status().lagS > 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    // What the fleet produced so far, read through the API as a console would.
    const observe = async () => {
      const types = new Set<string>();
      let closedTrips = 0;
      let devicesWithPositions = 0;
      for (const { tenant, user } of tenants) {
        const api = await apiFor(tenant.id, user);
        const latest = await api.get<LatestPositionsResponse>('/api/positions/latest');
        devicesWithPositions += latest.items.filter((d) => d.position && Date.now() - Date.parse(d.position.fixTime) < 120_000).length;
        const trips = await api.get<TripListResponse>('/api/trips?limit=500');
        closedTrips += trips.items.filter((t) => t.status === 'closed' && t.distanceKm >= 0.2).length;
        const alerts = await api.get<AlertListResponse>('/api/alerts?limit=500');
        for (const a of alerts.items) types.add(a.type);
      }
      return { types, closedTrips, devicesWithPositions };
    };
    const expectedTypes = ['overspeed', 'geofence_exit', 'harsh_braking', 'dtc', 'low_battery'];
    // The simulated fleet keeps driving while we look: a trip closes only after its vehicle has
    // parked long enough, which on a busy machine may be a few simulated minutes later.
    let seen = await observe();
    while ((seen.closedTrips === 0 || expectedTypes.some((t) => !seen.types.has(t))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      seen = await observe();
    }
    await simulation.stop();
    const { ingest } = simulation.simulator.status();
    expect(ingest.problems, JSON.stringify(ingest.problems)).toEqual([]);
    expect(ingest.rejected + ingest.failed + ingest.dropped, JSON.stringify(ingest)).toBe(0);
    expect(ingest.accepted).toBeGreaterThan(10_000);
    expect(lines.some((l) => l.includes('created North depot, South depot'))).toBe(true);
    const summary = JSON.stringify({ ...seen, types: [...seen.types], status: simulation.simulator.status() });
    expect(seen.devicesWithPositions, summary).toBe(demoSimDevices().length);
    expect(seen.closedTrips, summary).toBeGreaterThan(0);
    for (const type of expectedTypes) expect([...seen.types], summary).toContain(type);
  }, 150_000);
});
