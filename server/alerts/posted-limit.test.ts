import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertListResponse } from '../../contract/api/alerts.ts';
import { demoTenants } from '../db/seed/demo-accounts.ts';
import { demoDevices } from '../db/seed/demo-fleet.ts';
import { at } from '../test/defined.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const devices = demoDevices.filter((d) => d.tenant === demoTenants.cityUtilities);
let token: string;
beforeAll(async () => {
  token = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
});

// Odinsplatsen, Gothenburg: OSM maxspeed=40. Folkungagatan beside it is signed 40 too.
const signed40 = [{ latitude: 57.709857, longitude: 11.985238 }, { latitude: 57.707711, longitude: 11.984664 }];
// Open country north of the road data: no posted limit known, the tenant default applies.
const unsigned = { latitude: 57.89004, longitude: 12.01644 };
const base = Date.now() - 3600_000;

async function drive(unit: number, points: { latitude: number; longitude: number; speedKmh: number }[]) {
  const records = points.map((p, i) => ({ deviceId: at(devices, unit).uniqueId, time: base + i * 5000, ...p }));
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(response.json().rejected).toEqual([]);
}
async function alerts(unit: number): Promise<Alert[]> {
  const response = await suite.fleet.app.inject({ url: `/api/alerts?deviceId=${at(devices, unit).id}`, headers: bearer(token) });
  return response.json<AlertListResponse>().items;
}

describe('overspeed against posted limits (tenant default 90 km/h, margin 5)', () => {
  it('60 km/h on a road signed 40 raises overspeed naming the posted limit, with the address', async () => {
    await drive(0, [{ ...at(signed40, 0), speedKmh: 30 }, { ...at(signed40, 0), speedKmh: 60 }, { ...at(signed40, 1), speedKmh: 62 }, { ...at(signed40, 1), speedKmh: 20 }]);
    const list = await alerts(0);
    expect(list.map((a) => a.type)).toEqual(['overspeed']);
    expect(at(list, 0)).toMatchObject({
      details: { speedKmh: 62, limitKmh: 40, limitSource: 'posted' },
      address: { kind: 'street', street: 'Odinsplatsen', locality: 'Göteborg', source: 'builtin' },
    });
    expect(at(list, 0).message).toContain('40 km/h');
  });

  it('60 km/h where no limit is posted is within the tenant default', async () => {
    await drive(1, [{ ...unsigned, speedKmh: 60 }, { ...unsigned, speedKmh: 60 }]);
    expect(await alerts(1)).toEqual([]);
  });

  it('above the tenant default where no limit is posted names the tenant limit', async () => {
    await drive(2, [{ ...unsigned, speedKmh: 100 }, { ...unsigned, speedKmh: 50 }]);
    const [alert] = await alerts(2);
    expect(alert).toMatchObject({ details: { limitKmh: 90, limitSource: 'tenant' }, address: { kind: 'near', locality: 'Kungälv' } });
  });
});
