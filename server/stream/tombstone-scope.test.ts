import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Geofence, GeofenceListResponse } from '../../contract/api/geofences.ts';
import type { TripListResponse } from '../../contract/api/trips.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { defined } from '../test/defined.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { removeTrips, saveTrips } from '../trips/trip-store.ts';

// Issue 15 S6: a "since" sync tells who could see a deleted row that it is gone, and nobody else.
// Erik dispatches the North depot only; Maria (owner) sees the whole account.
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight.id;
const ofGroup = (group: (typeof demoGroups)[keyof typeof demoGroups]) =>
  defined(demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight && d.group === group), `a ${group.name} vehicle`);
let owner: string;
let northDispatcher: string;

beforeAll(async () => {
  owner = await accessTokenFor(suite.fleet.app, 'maria', tenant);
  northDispatcher = await accessTokenFor(suite.fleet.app, 'erik', tenant);
});

async function list<T>(token: string, url: string): Promise<T> {
  const response = await suite.fleet.app.inject({ url, headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

async function createFence(name: string, groupId: string | null): Promise<string> {
  const square = [[57.70, 11.90], [57.70, 11.93], [57.72, 11.93], [57.72, 11.90]].map(([latitude, longitude]) => ({ latitude, longitude }));
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/geofences', headers: bearer(owner), payload: { name, groupId, shape: { type: 'polygon', points: square } } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Geofence>().id;
}

describe('deleted ids in a since sync', () => {
  it('a North dispatcher learns of deleted North and account-wide geofences only; the owner of all three', async () => {
    const north = await createFence('North yard', demoGroups.northDepot.id);
    const south = await createFence('South yard', demoGroups.southDepot.id);
    const everyone = await createFence('Head office', null);
    const cursors = {
      owner: (await list<GeofenceListResponse>(owner, '/api/geofences?since=0')).nextCursor,
      north: (await list<GeofenceListResponse>(northDispatcher, '/api/geofences?since=0')).nextCursor,
    };
    for (const id of [north, south, everyone]) {
      const deleted = await suite.fleet.app.inject({ method: 'DELETE', url: `/api/geofences/${id}`, headers: bearer(owner) });
      expect(deleted.statusCode).toBe(204);
    }

    const seenByNorth = await list<GeofenceListResponse>(northDispatcher, `/api/geofences?since=${cursors.north}`);
    expect(seenByNorth.removedIds?.sort()).toEqual([north, everyone].sort());
    const seenByOwner = await list<GeofenceListResponse>(owner, `/api/geofences?since=${cursors.owner}`);
    expect(seenByOwner.removedIds?.sort()).toEqual([north, south, everyone].sort());
  });

  it('a scoped dispatcher who deletes a geofence of their own group leaves a tombstone RLS accepts', async () => {
    const gate = await createFence('North gate', demoGroups.northDepot.id);
    const cursor = (await list<GeofenceListResponse>(owner, '/api/geofences?since=0')).nextCursor;
    const deleted = await suite.fleet.app.inject({ method: 'DELETE', url: `/api/geofences/${gate}`, headers: bearer(northDispatcher) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await list<GeofenceListResponse>(owner, `/api/geofences?since=${cursor}`)).removedIds).toEqual([gate]);
  });

  it('a North dispatcher learns of removed trips of North vehicles only; the owner of both', async () => {
    const t = Date.now() - 2 * 3600_000;
    const trip = (id: string) => ({
      id, startT: t, startLat: 57.7, startLon: 11.9, endT: t + 600_000, endLat: 57.71, endLon: 11.95,
      distanceKm: 4, maxSpeedKmh: 60, movingS: 600, idleS: 0, points: 60, stop: null,
    });
    const northTrip = randomUUID();
    const southTrip = randomUUID();
    await suite.fleet.db.withTenant(tenant, (db) => saveTrips(db, [
      { deviceId: ofGroup(demoGroups.northDepot).id, trip: trip(northTrip), status: 'closed' },
      { deviceId: ofGroup(demoGroups.southDepot).id, trip: trip(southTrip), status: 'closed' },
    ]));
    const cursors = {
      owner: (await list<TripListResponse>(owner, '/api/trips?since=0')).nextCursor,
      north: (await list<TripListResponse>(northDispatcher, '/api/trips?since=0')).nextCursor,
    };
    // What a late fix's recompute does to the trips it replaces (server/trips/trip-store.ts).
    await suite.fleet.db.withTenant(tenant, (db) => removeTrips(db, [northTrip, southTrip]));

    expect((await list<TripListResponse>(northDispatcher, `/api/trips?since=${cursors.north}`)).removedIds).toEqual([northTrip]);
    expect((await list<TripListResponse>(owner, `/api/trips?since=${cursors.owner}`)).removedIds?.sort()).toEqual([northTrip, southTrip].sort());
  });
});
