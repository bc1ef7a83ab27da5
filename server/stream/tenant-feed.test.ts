import { describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { emptyReadings } from '../ingest/report.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { appendEvents } from './stream-log.ts';
import { TenantFeed, type StreamEvent } from './tenant-feed.ts';

const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight;
const units = demoDevices.filter((d) => d.tenant === tenant).slice(0, 3);

describe('tenant feed ring', () => {
  it('holds a bounded number of positions, however large the events; older events are read from the database', async () => {
    const feed = new TenantFeed(suite.fleet.db, tenant.id, (error) => { throw error; }, { ringItems: 5 });
    await feed.init();
    const seen: StreamEvent[] = [];
    feed.listeners.add({ onEvent: (event) => seen.push(event) });
    const t0 = Date.now() - 600_000;
    for (let k = 0; k < 4; k++) {
      // One request with a fix from each of three vehicles: one positions event of 3.
      await suite.fleet.app.ingest.submit(units.map((u, i) => ({ ...emptyReadings, uniqueId: u.uniqueId, fixTime: t0 + k * 1000 + i, latitude: 57.7, longitude: 11.9, speedKmh: 20, course: 0, attributes: {} })));
      await suite.fleet.app.ingest.drain();
      const { rows } = await suite.fleet.db.withTenant(tenant.id, (db) => db.query<{ seq: string }>('SELECT seq::text FROM stream_sequences'));
      feed.notify(Number(rows[0]?.seq));
      while (feed.head < Number(rows[0]?.seq)) await new Promise((r) => setTimeout(r, 10));
    }
    const positions = seen.filter((e) => e.body.type === 'positions');
    expect(positions.map((e) => (e.body.positions as unknown[]).length)).toEqual([3, 3, 3, 3]);
    // 5 items: one event of 3 fits, two (6) do not; the newest is always kept.
    expect(feed.ring.filter((e) => e.body.type === 'positions')).toHaveLength(1);
    const first = positions[0] as StreamEvent;
    const fromDb = await feed.read(first.seq - 1, feed.head);
    expect(fromDb.filter((e) => e.body.type === 'positions').map((e) => e.seq)).toEqual(positions.map((e) => e.seq));
  });
});

describe('events this instance committed (offer)', () => {
  const position = (fixTime: number) => ({ deviceId: units[0]?.uniqueId ?? 'x', fixTime, latitude: 57.7, longitude: 11.9, speedKmh: 30, course: 90, ignition: true });
  const append = (fixTime: number) => suite.fleet.db.withTenant(tenant.id, (db) => appendEvents(db, tenant.id, [{ type: 'positions', positions: [position(fixTime)] }]));

  it('are delivered in order without reading them back; a gap before them is read from the database', async () => {
    let reads = 0;
    const db: FleetDb = {
      ...suite.fleet.db,
      withTenant<T>(...args: Parameters<FleetDb['withTenant']>) {
        reads += 1;
        return suite.fleet.db.withTenant(...args) as Promise<T>;
      },
    };
    const feed = new TenantFeed(db, tenant.id, (error) => { throw error; });
    await feed.init();
    const seen: StreamEvent[] = [];
    let waiting: { seq: number; resolve: () => void } | null = null;
    feed.listeners.add({ onEvent: (event) => {
      seen.push(event);
      if (waiting && event.seq >= waiting.seq) waiting.resolve();
    } });
    const delivered = (seq: number) => new Promise<void>((resolve) => { waiting = { seq, resolve }; });
    reads = 0;

    // Next in line: handed to the listeners at once, as committed, no query.
    const first = await append(1_000);
    feed.offer(first);
    expect(seen.map((e) => e.seq)).toEqual(first.map((e) => e.seq));
    expect(seen[0]?.body).toBe(first[0]?.body);
    expect(reads).toBe(0);

    // Another writer's commit (not offered) comes first: read, then the offered one, in seq order.
    const other = await append(2_000);
    const mine = await append(3_000);
    const done = delivered(mine[0]?.seq ?? 0);
    feed.offer(mine);
    await done;
    expect(seen.map((e) => e.seq)).toEqual([...first, ...other, ...mine].map((e) => e.seq));
    expect(seen.map((e) => (e.body.positions as { fixTime: number }[])[0]?.fixTime)).toEqual([1_000, 2_000, 3_000]);
    expect(reads).toBe(1);

    // Its NOTIFY arriving afterwards changes nothing.
    feed.notify(mine[0]?.seq ?? 0);
    expect(seen).toHaveLength(3);
  });
});
