import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { emptyReadings, type Report } from './report.ts';

const tenant = demoTenants.cityUtilities.id;
const device = demoDevices.find((d) => d.tenant === demoTenants.cityUtilities);
const suite = useTestFleet();

/** A drive replayed at full speed: one fix per second of device time, all sent within moments. */
function drive(uniqueId: string, t0: number, seconds: number): Report[] {
  return Array.from({ length: seconds }, (_, s) => ({
    ...emptyReadings, uniqueId, fixTime: t0 + s * 1000, latitude: 57.7, longitude: 11.9 + s * 0.0002, speedKmh: 45, course: 90, ignition: true, attributes: {},
  }));
}

async function stored(deviceId: string) {
  return suite.fleet.db.withTenant(tenant, async (db) => {
    const list = await db.query<{ fix_ms: number | null; longitude: number | null }>(
      'SELECT round(extract(epoch FROM fix_time) * 1000)::float8 AS fix_ms, longitude FROM devices WHERE id = $1',
      [deviceId],
    );
    const trip = await db.query<{ end_ms: number; point_count: number }>(
      "SELECT round(extract(epoch FROM end_time) * 1000)::float8 AS end_ms, point_count FROM trips WHERE device_id = $1 AND status = 'open'",
      [deviceId],
    );
    return { list: list.rows[0], trip: trip.rows[0] };
  });
}

describe('write-behind state reaches the database within 5 s of the last report (R3, R4)', () => {
  // Batches of 100 fixes left the device list behind (R3); batches of 10 also the open trip,
  // whose row was rewritten only when 30 s of device time had passed since its last write (R4).
  it.each([100, 10])('a replayed drive sent %i fixes per request ends at its last fix in the device list, and the open trip holds every fix', async (perRequest) => {
    if (!device) throw new Error('the demo has a City Utilities vehicle');
    const pipeline = new IngestPipeline(suite.fleet.db);
    try {
      // Each case drives its own hour, so the second is a new trip, not late data of the first.
      const t0 = Date.now() - (perRequest === 100 ? 2 : 1) * 3600_000;
      const fixes = drive(device.uniqueId, t0, 600); // a 10-minute drive
      for (let i = 0; i < fixes.length; i += perRequest) await pipeline.submit(fixes.slice(i, i + perRequest));
      const lastReport = Date.now();
      const last = t0 + 599_000;
      // Before: the list kept the fix of its first write and the open trip its first 30 s
      // (both are rewritten at most every 30 s while fixes flow) — forever, once the unit stopped.
      const deadline = lastReport + 10_000;
      let now = await stored(device.id);
      while ((now.list?.fix_ms !== last || now.trip?.end_ms !== last) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        now = await stored(device.id);
      }
      const tookMs = Date.now() - lastReport;
      expect(now.list).toEqual({ fix_ms: last, longitude: fixes.at(-1)?.longitude });
      expect(now.trip).toEqual({ end_ms: last, point_count: 600 });
      expect(tookMs).toBeLessThan(5000);
    } finally {
      pipeline.close();
    }
  });

  it('drain (a clean shutdown) writes the device list and the open trip too', async () => {
    if (!device) throw new Error('the demo has a City Utilities vehicle');
    const pipeline = new IngestPipeline(suite.fleet.db, { checkpointMs: 600_000 });
    try {
      const t0 = Date.now() - 1800_000;
      const fixes = drive(device.uniqueId, t0, 120);
      for (let i = 0; i < fixes.length; i += 40) await pipeline.submit(fixes.slice(i, i + 40));
      await pipeline.drain();
      const now = await stored(device.id);
      expect(now.list?.fix_ms).toBe(t0 + 119_000);
      expect(now.trip).toEqual({ end_ms: t0 + 119_000, point_count: 120 });
    } finally {
      pipeline.close();
    }
  });
});
