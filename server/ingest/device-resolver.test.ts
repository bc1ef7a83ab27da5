import { describe, expect, it } from 'vitest';
import { demoUnits } from '../../demo/demo-registry.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { DeviceResolver } from './device-resolver.ts';

const suite = useTestFleet();

/** The real pool, with the resolver's queries counted. */
function counted(db: FleetDb): { db: FleetDb; queries: () => number } {
  let n = 0;
  const query = ((...args: Parameters<FleetDb['query']>) => {
    n += 1;
    return db.query(...args);
  }) as FleetDb['query'];
  return { db: { ...db, query }, queries: () => n };
}

const assigned = demoUnits.filter((u) => u.tenantId !== null);

describe('device resolver', () => {
  it('looks up the units missed by concurrent requests in one query, and each unit once', async () => {
    const { db, queries } = counted(suite.fleet.db);
    const resolver = new DeviceResolver(db);
    const ids = [...assigned.slice(0, 12).map((u) => u.uniqueId), 'no-such-unit'];
    // One request per unit (phones), plus a second request for the first unit while both wait.
    const answers = await Promise.all([...ids, ids[0] as string].map((id) => resolver.resolve([id])));
    expect(queries()).toBe(1);
    for (const [i, id] of ids.entries()) {
      const unit = demoUnits.find((u) => u.uniqueId === id);
      expect(answers[i]?.get(id)?.deviceId ?? null).toBe(unit?.deviceId ?? null);
    }
    expect(answers.at(-1)?.get(ids[0] as string)?.deviceId).toBe(assigned[0]?.deviceId);
    // Cached now: no query.
    await resolver.resolve(ids.slice(0, 12));
    expect(queries()).toBe(1);
  });

  it('looks a steadily reporting unit up again ahead of its expiry, without making its report wait (decision 0485)', async () => {
    const { db, queries } = counted(suite.fleet.db);
    const resolver = new DeviceResolver(db, { ttlMs: 4000, jitter: 0 });
    const id = assigned[0]?.uniqueId as string;
    const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
    const t0 = performance.now();
    await resolver.resolve([id]);
    expect(queries()).toBe(1);
    // In the last quarter of the entry's life: answered from the cache, and the lookup starts.
    await sleepUntil(t0 + 3200);
    const answer = await resolver.resolve([id]);
    expect(answer.get(id)?.deviceId).toBe(assigned[0]?.deviceId);
    await new Promise((r) => setImmediate(r)); // the batch goes out after the I/O phase
    expect(queries()).toBe(2);
    // Past the first entry's expiry the refreshed one answers: no lookup the report would wait for.
    await sleepUntil(t0 + 4300);
    expect(resolver.cached(id)?.deviceId).toBe(assigned[0]?.deviceId);
    await resolver.resolve([id]);
    expect(queries()).toBe(2);
  });

  it('does not cache an answer looked up across a registry change', async () => {
    const { db, queries } = counted(suite.fleet.db);
    const resolver = new DeviceResolver(db);
    const id = assigned[0]?.uniqueId as string;
    const pending = resolver.resolve([id]);
    await new Promise((r) => setImmediate(r)); // the lookup is under way
    resolver.forget(id);
    expect((await pending).get(id)?.deviceId).toBe(assigned[0]?.deviceId);
    await resolver.resolve([id]);
    expect(queries()).toBe(2);
  });

  it('ingest_resolve_units answers each id as the caller spelled it, matched case-insensitively (migration 146)', async () => {
    const [one, two] = assigned;
    if (!one || !two) throw new Error('the demo registry has assigned units');
    const asked = [one.uniqueId.toUpperCase(), one.uniqueId.toLowerCase(), two.uniqueId, 'no-such-unit'];
    const result = await suite.fleet.db.query<{ unique_id: string; device_id: string }>('SELECT unique_id, device_id FROM ingest_resolve_units($1::text[])', [asked]);
    const byId = (a: { unique_id?: string }, b: { unique_id?: string }) => ((a.unique_id ?? '') < (b.unique_id ?? '') ? -1 : 1);
    const expected = [
      { unique_id: asked[0], device_id: one.deviceId },
      { unique_id: asked[1], device_id: one.deviceId },
      { unique_id: asked[2], device_id: two.deviceId },
    ].sort(byId);
    expect([...result.rows].sort(byId)).toEqual(expected);
  });
});
