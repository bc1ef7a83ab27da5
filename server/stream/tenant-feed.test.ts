import { describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { emptyReadings } from '../ingest/report.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
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
