import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Address } from '../../contract/api/places.ts';
import type { TripListResponse } from '../../contract/api/trips.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { setCurrentService } from '../geocoding/address-at.ts';
import { addressMemo, cellOf } from '../geocoding/geocode-cache.ts';
import { geodata } from '../geocoding/geodata.ts';
import { defined } from '../test/defined.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { backfillTripAddresses } from './trip-addresses.ts';
import { saveTrips } from './trip-store.ts';

const tenant = demoTenants.harbourTaxi.id;
const device = defined(demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi), 'a Harbour Taxi demo vehicle');
const suite = useTestFleet();
let token: string;

beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'maria', tenant);
});

const t = Date.now() - 2 * 3600_000;
// Kungsportsavenyen and Järntorget in Gothenburg: both on named streets in the built-in data.
const trip = (id: string) => ({
  id, startT: t, startLat: 57.7003, startLon: 11.9749, endT: t + 600_000, endLat: 57.6996, endLon: 11.9529,
  distanceKm: 2, maxSpeedKmh: 50, movingS: 500, idleS: 100, points: 60, stop: null,
});
const stored = async (id: string) => {
  const owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
  await owner.connect();
  try {
    const rows = await owner.query<{ start_address: Address | null; end_address: Address | null }>('SELECT start_address, end_address FROM trips WHERE id = $1', [id]);
    return defined(rows.rows[0], `trip ${id}`);
  } finally {
    await owner.end();
  }
};
const listed = async (id: string) => {
  const response = await suite.fleet.app.inject({ url: `/api/trips?deviceId=${device.id}`, headers: bearer(token) });
  return defined(response.json<TripListResponse>().items.find((x) => x.id === id), `trip ${id} in the list`);
};

describe('trip addresses kept with the trip (decision 0360)', () => {
  it('stores the built-in addresses when a trip closes, none while it is open, and lists them', async () => {
    const id = randomUUID();
    await suite.fleet.db.withTenant(tenant, (db) => saveTrips(db, [{ deviceId: device.id, trip: trip(id), status: 'open' }]));
    expect(await stored(id)).toEqual({ start_address: null, end_address: null });
    await suite.fleet.db.withTenant(tenant, (db) => saveTrips(db, [{ deviceId: device.id, trip: trip(id), status: 'closed' }]));
    const builtin = geodata().geocoder;
    const expected = { start_address: builtin.reverse(57.7003, 11.9749), end_address: builtin.reverse(57.6996, 11.9529) };
    expect(expected.start_address.kind).toBe('street');
    expect(await stored(id)).toEqual(expected);
    const item = await listed(id);
    expect([item.start.address, item.end.address]).toEqual([expected.start_address, expected.end_address]);
  });

  it('backfills trips closed before addresses were kept, without marking them changed for syncing clients', async () => {
    const id = randomUUID();
    await suite.fleet.db.withTenant(tenant, (db) => saveTrips(db, [{ deviceId: device.id, trip: trip(id), status: 'closed' }]));
    const owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
    await owner.connect();
    try {
      await owner.query('UPDATE trips SET start_address = NULL, end_address = NULL WHERE id = $1', [id]);
      const before = await owner.query<{ xid: string }>('SELECT changed_xid::text AS xid FROM trips WHERE id = $1', [id]);
      // Read before the backfill: looked up, the same answer.
      const looked = await listed(id);
      expect(await backfillTripAddresses(suite.fleet.db)).toBeGreaterThanOrEqual(1);
      expect(await stored(id)).toEqual({ start_address: looked.start.address, end_address: looked.end.address });
      const after = await owner.query<{ xid: string }>('SELECT changed_xid::text AS xid FROM trips WHERE id = $1', [id]);
      expect(after.rows[0]?.xid).toBe(before.rows[0]?.xid);
      expect(await backfillTripAddresses(suite.fleet.db)).toBe(0);
    } finally {
      await owner.end();
    }
  });

  it("shows a configured geocoding service's answer over the stored built-in address", async () => {
    const id = randomUUID();
    await suite.fleet.db.withTenant(tenant, (db) => saveTrips(db, [{ deviceId: device.id, trip: trip(id), status: 'closed' }]));
    const service = 'https://geocoder.test/';
    const answer: Address = { kind: 'street', street: 'Kungsportsavenyen 1', locality: 'Göteborg', source: 'provider', approximate: false };
    const { latE4, lonE4 } = cellOf(57.7003, 11.9749);
    addressMemo.set(service, latE4, lonE4, answer);
    setCurrentService(service);
    try {
      const item = await listed(id);
      expect(item.start.address).toEqual(answer);
      expect(item.end.address).toEqual((await stored(id)).end_address);
    } finally {
      setCurrentService(null);
    }
  });
});
