import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import type { TripState } from '../trips/trip-segmenter.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { emptyReadings, type Report } from './report.ts';

const tenant = demoTenants.gothenburgFreight.id;
const device = demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight);
const suite = useTestFleet();


const t0 = Date.now() - 3600_000;
/** Fixes every 10 s heading east at `kmh`, seconds [from, to). */
function fixes(uniqueId: string, from: number, to: number, kmh: (s: number) => number): Report[] {
  const out: Report[] = [];
  for (let s = from; s < to; s += 10) {
    out.push({ ...emptyReadings, uniqueId, fixTime: t0 + s * 1000, latitude: 57.7, longitude: 11.9 + s * 0.0002, speedKmh: kmh(s), course: 90, ignition: true, attributes: {} });
  }
  return out;
}

async function stored(deviceId: string) {
  return suite.fleet.db.withTenant(tenant, async (db) => {
    const state = await db.query<{ trip_state: TripState; fix_ms: number; rule_state: { overspeed?: { maxKmh: number } } }>(
      'SELECT trip_state, rule_state, round(extract(epoch FROM fix_time) * 1000)::float8 AS fix_ms FROM device_state WHERE device_id = $1',
      [deviceId],
    );
    const alerts = await db.query<{ type: string; occurrences: number; details: { speedKmh: number } }>(
      "SELECT type, occurrences, details FROM alerts WHERE device_id = $1 AND type = 'overspeed'",
      [deviceId],
    );
    return { state: state.rows[0], alerts: alerts.rows };
  });
}

describe('hot device state with two instances ingesting for one device', () => {
  it('each instance notices the other wrote the device and continues from the stored state', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    // Two pipelines = two API instances (each with its own in-memory state) on one database.
    const a = new IngestPipeline(suite.fleet.db);
    const b = new IngestPipeline(suite.fleet.db);
    const speed = (s: number) => (s >= 100 && s < 200 ? 120 + s / 10 : 50);
    await a.submit(fixes(device.uniqueId, 0, 100, speed)); // A: driving, state now in A's memory
    await a.drain();
    await b.submit(fixes(device.uniqueId, 100, 200, speed)); // B: speeding starts (120 → 139 km/h)
    await b.drain();
    // A's copy is stale now; were it trusted, the trip would lose B's fixes and the episode's
    // top speed would be A's idea of it.
    await a.submit(fixes(device.uniqueId, 200, 300, speed)); // A again: speeding ends
    await a.drain();

    const { state, alerts } = await stored(device.id);
    expect(state?.fix_ms).toBe(t0 + 290_000);
    expect(state?.trip_state.trip?.points).toBe(30);
    expect(state?.trip_state.trip?.maxSpeedKmh).toBe(139);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ occurrences: 1, details: { speedKmh: 139 } });
  });

  it('a retried batch stores nothing twice and changes no state, whichever instance gets it', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    const a = new IngestPipeline(suite.fleet.db);
    const b = new IngestPipeline(suite.fleet.db);
    const batch = fixes(device.uniqueId, 300, 400, () => 60);
    const first = await a.submit(batch);
    expect(first.stored).toBe(10);
    const before = await stored(device.id);
    const retry = await b.submit(batch);
    expect(retry).toMatchObject({ stored: 0, duplicates: 10 });
    expect(await stored(device.id)).toEqual(before);
  });
});

describe('write-behind: plain fixes reach device_state within the checkpoint interval', () => {
  const cruise = () => 50;

  it('writes the first fixes at once, later plain fixes only when the checkpoint is due (no new report needed)', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    const a = new IngestPipeline(suite.fleet.db, { checkpointMs: 400 });
    try {
      await a.submit(fixes(device.uniqueId, 1000, 1100, cruise)); // read from the store: written at once
      expect((await stored(device.id)).state?.fix_ms).toBe(t0 + 1_090_000);
      // Plain positions, 20 s of device time (the open trip's row is rewritten every 30 s, which
      // writes the state with it): judged, not written yet.
      await a.submit(fixes(device.uniqueId, 1100, 1120, cruise));
      expect((await stored(device.id)).state?.fix_ms).toBe(t0 + 1_090_000);
      expect(a.hot.dirtyCount).toBe(1);
      const deadline = Date.now() + 5000;
      while ((await stored(device.id)).state?.fix_ms !== t0 + 1_110_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const { state } = await stored(device.id);
      expect(state?.fix_ms).toBe(t0 + 1_110_000);
      expect(state?.trip_state.trip?.points).toBeGreaterThanOrEqual(12);
      expect(a.hot.dirtyCount).toBe(0);
    } finally {
      a.close();
    }
  });

  it('an instance that never wrote its fixes (stopped without draining) loses nothing: the next one replays them from positions', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    const a = new IngestPipeline(suite.fleet.db, { checkpointMs: 60_000 });
    await a.submit(fixes(device.uniqueId, 1200, 1300, cruise));
    const before = (await stored(device.id)).state?.trip_state.trip;
    await a.submit(fixes(device.uniqueId, 1300, 1320, cruise)); // judged, left dirty
    a.close(); // "crashed": never drained
    expect((await stored(device.id)).state?.fix_ms).toBe(t0 + 1_290_000);

    const b = new IngestPipeline(suite.fleet.db, { checkpointMs: 60_000 });
    try {
      await b.submit(fixes(device.uniqueId, 1320, 1330, cruise));
      const { state } = await stored(device.id); // read from the store by B: written at once
      expect(state?.fix_ms).toBe(t0 + 1_320_000);
      // The trip continued over A's unwritten fixes: 2 from A's second batch + 1 from B.
      expect(state?.trip_state.trip?.id).toBe(before?.id);
      expect(state?.trip_state.trip?.points).toBe((before?.points ?? 0) + 3);
    } finally {
      b.close();
    }
  });

  it('after a crash, recovery brings a device that never reports again up to date from its stored fixes', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    const a = new IngestPipeline(suite.fleet.db, { checkpointMs: 60_000 });
    await a.submit(fixes(device.uniqueId, 1500, 1600, cruise));
    const before = (await stored(device.id)).state?.trip_state.trip;
    await a.submit(fixes(device.uniqueId, 1600, 1620, cruise)); // judged, left dirty
    a.close(); // "crashed"
    expect((await stored(device.id)).state?.fix_ms).toBe(t0 + 1_590_000);

    const b = new IngestPipeline(suite.fleet.db, { checkpointMs: 60_000 });
    try {
      expect(await b.recoverLaggingStates()).toBe(1);
      const { state } = await stored(device.id);
      expect(state?.fix_ms).toBe(t0 + 1_610_000);
      expect(state?.trip_state.trip?.points).toBe((before?.points ?? 0) + 2);
      expect(await b.recoverLaggingStates()).toBe(0);
    } finally {
      b.close();
    }
  });
});
