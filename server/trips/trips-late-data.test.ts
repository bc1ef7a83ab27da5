import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { TripListResponse } from '../../contract/api/trips.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { at, defined } from '../test/defined.ts';

const taxis = demoDevices.filter((d) => d.tenant === demoTenants.harbourTaxi);
const device = defined(taxis[0], 'a Harbour Taxi demo vehicle');
const second = defined(taxis[1], 'a second Harbour Taxi demo vehicle');
const suite = useTestFleet();
let token: string;

beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.harbourTaxi.id);
});

const t0 = Date.now() - 3 * 3600_000;
/** A drive east along a parallel at `kmh`, one fix every 10 s, from minute `fromMin` for `minutes`. */
function drive(fromMin: number, minutes: number, kmh: number, uniqueId = device.uniqueId) {
  const records = [];
  for (let s = 0; s < minutes * 60; s += 10) {
    const t = t0 + fromMin * 60_000 + s * 1000;
    records.push({ deviceId: uniqueId, time: t, latitude: 57.7, longitude: 11.9 + ((t - t0) / 1000) * 0.00003, speedKmh: kmh, ignition: kmh > 0 });
  }
  return records;
}

async function send(records: object[]) {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ stored: number }>();
}

async function trips(since?: string, deviceId = device.id) {
  const response = await suite.fleet.app.inject({ url: `/api/trips?deviceId=${deviceId}${since ? `&since=${since}` : ''}`, headers: bearer(token) });
  return response.json<TripListResponse>();
}

const closedCount = (list: TripListResponse) => list.items.filter((t) => t.status === 'closed').length;

/**
 * The trips list from `since` once it shows what `ready` expects. A sync window ends below the
 * oldest transaction still running (server/stream/sync-cursor.ts): while a background job of the
 * test fleet (a backfill at start, the daily figures) holds one, a read right after ingest comes
 * back without the newest trips, which appear when it commits. So the read is repeated for a while.
 */
async function tripsWhen(ready: (list: TripListResponse) => boolean, since?: string, deviceId = device.id): Promise<TripListResponse> {
  let last: TripListResponse | undefined;
  await expect.poll(async () => ready((last = await trips(since, deviceId))), { timeout: 10_000 }).toBe(true);
  return defined(last, 'a trips list');
}

describe('trip segmentation against PostgreSQL', () => {
  it('splits at a silence and joins the halves when the late data of the silence arrives', async () => {
    // Drive 10 min, 20 min without reports (a tunnel, a dead modem), drive 10 min, park.
    await send(drive(0, 10, 50));
    await send(drive(30, 10, 50));
    await send(drive(40, 10, 0));
    const before = await tripsWhen((list) => closedCount(list) === 2, '0');
    const closed = before.items.filter((t) => t.status === 'closed');
    expect(closed).toHaveLength(2);
    expect(closed.every((t) => t.distanceKm > 1)).toBe(true);

    // Late data: the tracker buffered the silent 20 minutes (a slower drive) and sends them now.
    const late = drive(10, 20, 30);
    expect((await send(late)).stored).toBe(late.length);
    const after = await tripsWhen((list) => (list.removedIds?.length ?? 0) >= closed.length, before.nextCursor ?? undefined);
    expect(after.removedIds?.sort()).toEqual(closed.map((t) => t.id).sort());
    const all = (await trips()).items;
    expect(all).toHaveLength(1);
    const merged = at(all, 0);
    expect(merged.status).toBe('closed');
    expect(new Date(merged.startTime).getTime()).toBeLessThanOrEqual(t0 + 10_000);
    expect(merged.distanceKm).toBeGreaterThan(at(closed, 0).distanceKm + at(closed, 1).distanceKm);
    expect(merged.maxSpeedKmh).toBe(50);
  });

  it('recomputes every late device of one batch, each from its own window', async () => {
    // The second taxi drives 6 h earlier than the first test's (its own history); the first
    // taxi gets a late fix inside its merged trip. One resent batch carries both.
    const early = -360;
    await send(drive(early, 10, 40, second.uniqueId));
    await send(drive(early + 30, 10, 40, second.uniqueId));
    await send(drive(early + 40, 10, 0, second.uniqueId));
    expect(closedCount(await tripsWhen((list) => closedCount(list) === 2, '0', second.id))).toBe(2);
    const mergedBefore = at((await trips()).items, 0);

    const inside = { deviceId: device.uniqueId, time: t0 + 15 * 60_000 + 5_000, latitude: 57.7, longitude: 11.9 + 905 * 0.00003, speedKmh: 31, ignition: true };
    expect((await send([...drive(early + 10, 20, 40, second.uniqueId), inside])).stored).toBe(121);

    const secondTrips = (await trips(undefined, second.id)).items;
    expect(secondTrips).toHaveLength(1);
    expect(at(secondTrips, 0).status).toBe('closed');
    const firstTrips = (await trips()).items;
    expect(firstTrips).toHaveLength(1);
    expect(at(firstTrips, 0).startTime).toBe(mergedBefore.startTime);
    expect(at(firstTrips, 0).id).not.toBe(mergedBefore.id);
  });
});
