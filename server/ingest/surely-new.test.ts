import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { surelyNew } from './apply-tenant-batch.ts';
import type { DeviceState } from './device-state-store.ts';
import type { HotEntry } from './hot-state.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { emptyReadings, type Report } from './report.ts';

// Decision 0410: a batch whose fixes are all newer than what this process stored for their
// devices skips ON CONFLICT; when another instance stored one after all, the batch runs again.

describe('surelyNew: which batches may take the insert without ON CONFLICT', () => {
  const known = new Map<string, number>([['a', 1000], ['b', 5000]]);
  const hot = { get: (id: string) => (known.has(id) ? ({ state: { fixTime: known.get(id) } as DeviceState } as HotEntry) : undefined) };

  it('takes fixes newer than the newest this process stored, each once, in order per device', () => {
    expect(surelyNew([{ deviceId: 'a', fixTime: 2000 }, { deviceId: 'b', fixTime: 6000 }, { deviceId: 'a', fixTime: 3000 }], hot)).toBe(true);
  });

  it('refuses a fix not newer than the stored newest (a retry, late data)', () => {
    expect(surelyNew([{ deviceId: 'a', fixTime: 1000 }], hot)).toBe(false);
    expect(surelyNew([{ deviceId: 'b', fixTime: 6000 }, { deviceId: 'a', fixTime: 900 }], hot)).toBe(false);
  });

  it('refuses a fix repeated (or out of order) within the batch', () => {
    expect(surelyNew([{ deviceId: 'a', fixTime: 2000 }, { deviceId: 'a', fixTime: 2000 }], hot)).toBe(false);
    expect(surelyNew([{ deviceId: 'a', fixTime: 3000 }, { deviceId: 'a', fixTime: 2000 }], hot)).toBe(false);
  });

  it('refuses a device this process holds no state of', () => {
    expect(surelyNew([{ deviceId: 'c', fixTime: 2000 }], hot)).toBe(false);
  });
});

const tenant = demoTenants.gothenburgFreight.id;
const device = demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight);
const suite = useTestFleet();
const t0 = Date.now() - 3600_000;

function fixes(uniqueId: string, from: number, to: number): Report[] {
  const out: Report[] = [];
  for (let s = from; s < to; s += 10) {
    out.push({ ...emptyReadings, uniqueId, fixTime: t0 + s * 1000, latitude: 57.7, longitude: 11.9 + s * 0.0002, speedKmh: 50, course: 90, ignition: true, attributes: {} });
  }
  return out;
}

async function storedRows(deviceId: string): Promise<{ n: number; newest: number }> {
  return suite.fleet.db.withTenant(tenant, async (db) => {
    const r = await db.query<{ n: number; newest: number }>(
      'SELECT count(*)::int AS n, round(extract(epoch FROM max(fix_time)) * 1000)::float8 AS newest FROM positions WHERE device_id = $1',
      [deviceId],
    );
    return r.rows[0] ?? { n: 0, newest: 0 };
  });
}

describe('a batch taken as new that another instance stored already', () => {
  it('is applied again with the checking insert: duplicates counted, new fixes stored, nothing twice', async () => {
    if (!device) throw new Error('the demo has a Gothenburg Freight vehicle');
    const a = new IngestPipeline(suite.fleet.db);
    const b = new IngestPipeline(suite.fleet.db);
    expect(await a.submit(fixes(device.uniqueId, 0, 100))).toMatchObject({ stored: 10, duplicates: 0 });
    await a.drain();
    // B stores the next ten: A's memory still says its newest fix is at 90 s.
    expect(await b.submit(fixes(device.uniqueId, 100, 200))).toMatchObject({ stored: 10, duplicates: 0 });
    await b.drain();
    const before = await storedRows(device.id);
    // The device retries B's batch at A, with ten new fixes: all newer than A knows, so A takes
    // the insert without ON CONFLICT, meets B's rows, and applies the batch again.
    const retry = await a.submit(fixes(device.uniqueId, 100, 300));
    expect(retry).toMatchObject({ stored: 10, duplicates: 10, conflicts: 0 });
    await a.drain();
    expect(await storedRows(device.id)).toEqual({ n: before.n + 10, newest: t0 + 290_000 });
    // And A's next batch, newer than all, goes on as usual.
    expect(await a.submit(fixes(device.uniqueId, 300, 350))).toMatchObject({ stored: 5, duplicates: 0 });
    a.close();
    b.close();
  });
});
