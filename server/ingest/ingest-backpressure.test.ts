import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { IngestOverloadedError } from './ingest-pipeline-types.ts';
import { emptyReadings, type Report } from './report.ts';

const vehicles = demoDevices.filter((d) => d.tenant === demoTenants.gothenburgFreight).slice(0, 4);
const suite = useTestFleet();


const t0 = Date.now() - 1800_000;
/** `count` fixes per vehicle, 1 s apart from second `from`, in one request. */
function batch(from: number, count: number): Report[] {
  return vehicles.flatMap((v, i) => Array.from({ length: count }, (_, s) => ({
    ...emptyReadings, uniqueId: v.uniqueId, fixTime: t0 + (from + s) * 1000, latitude: 57.7 + i * 0.01, longitude: 11.9 + (from + s) * 0.0001,
    speedKmh: 40, course: 90, ignition: true, attributes: {},
  })));
}

async function storedCount(): Promise<number> {
  const result = await suite.fleet.db.withTenant(demoTenants.gothenburgFreight.id, (db) =>
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE device_id = ANY ($1::uuid[]) AND fix_time >= $2', [vehicles.map((v) => v.id), new Date(t0)]),
  );
  return result.rows[0]?.n ?? 0;
}

describe('ingest backpressure and lanes', () => {
  it('refuses a request over the pending limit (nothing stored from it) and takes it once the backlog cleared', async () => {
    expect(vehicles.length).toBe(4);
    const pipeline = new IngestPipeline(suite.fleet.db, { maxPending: 50, lanes: 2 });
    const first = pipeline.submit(batch(0, 10)); // 40 fixes pending
    await expect(pipeline.submit(batch(10, 10))).rejects.toBeInstanceOf(IngestOverloadedError);
    expect(await first).toMatchObject({ stored: 40, duplicates: 0 });
    expect(pipeline.backlog).toBe(0);
    expect(await storedCount()).toBe(40);
    // The device retries: now there is room, and it is stored once.
    expect(await pipeline.submit(batch(10, 10))).toMatchObject({ stored: 40, duplicates: 0 });
    expect(await storedCount()).toBe(80);
  });

  it('a request larger than the limit is still taken when nothing else waits', async () => {
    const pipeline = new IngestPipeline(suite.fleet.db, { maxPending: 10, lanes: 2 });
    expect(await pipeline.submit(batch(20, 5))).toMatchObject({ stored: 20, duplicates: 0 });
  });

  it('devices split over lanes keep their fixes in order and a resent request counts as duplicates', async () => {
    const pipeline = new IngestPipeline(suite.fleet.db, { lanes: 3 });
    const parts = await Promise.all([pipeline.submit(batch(25, 5)), pipeline.submit(batch(30, 5))]);
    expect(parts.map((p) => p.stored)).toEqual([20, 20]);
    expect(await pipeline.submit(batch(25, 10))).toMatchObject({ stored: 0, duplicates: 40 });
    // device_state lags memory by design (write-behind, decision 0020): drain writes it.
    await pipeline.drain();
    const states = await suite.fleet.db.withTenant(demoTenants.gothenburgFreight.id, (db) =>
      db.query<{ fix_ms: number }>('SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS fix_ms FROM device_state WHERE device_id = ANY ($1::uuid[])', [vehicles.map((v) => v.id)]),
    );
    expect(states.rows.map((r) => r.fix_ms)).toEqual(vehicles.map(() => t0 + 34_000));
  });
});
