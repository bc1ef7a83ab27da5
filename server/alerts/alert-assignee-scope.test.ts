import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import { demoAccounts, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { emptyReadings, type Report } from '../ingest/report.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

// Issue 15 S8: an alert goes only to someone who handles alerts and sees its vehicle.
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight.id;
const southTruck = demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight && d.group === demoGroups.southDepot && d.report);
let owner: string;
let alertId: string;

beforeAll(async () => {
  if (!southTruck) throw new Error('the demo has a reporting South depot truck');
  owner = await accessTokenFor(suite.fleet.app, 'maria', tenant);
  const at = Date.now() - 3600_000;
  const reports: Report[] = [0, 10, 20].map((s) => ({ ...emptyReadings, uniqueId: southTruck.uniqueId, fixTime: at + s * 1000, latitude: 57.67, longitude: 11.94 + s * 0.0005, speedKmh: 150, course: 90, ignition: true, attributes: {} }));
  await suite.fleet.app.ingest.submit(reports);
  await suite.fleet.app.ingest.drain();
  const rows = await suite.fleet.db.withTenant(tenant, (db) => db.query<{ id: string }>("SELECT id FROM alerts WHERE device_id = $1 AND type = 'overspeed' AND status <> 'resolved'", [southTruck.id]));
  alertId = rows.rows[0]?.id ?? '';
  expect(alertId).not.toBe('');
});

async function assign(assigneeId: string) {
  const { version } = (await suite.fleet.app.inject({ url: `/api/alerts/${alertId}`, headers: bearer(owner) })).json<{ version: number }>();
  return suite.fleet.app.inject({ method: 'POST', url: `/api/alerts/${alertId}/assign`, headers: bearer(owner), payload: { expectedVersion: version, assigneeId } });
}

describe('assigning an alert', () => {
  it('refuses a dispatcher limited to another group, and a viewer', async () => {
    for (const person of [demoAccounts.erik, demoAccounts.vera]) {
      const answer = await assign(person.id);
      expect(answer.statusCode, person.username).toBe(400);
      expect(answer.json<ApiErrorBody>().reason).toBe('assignee-invalid');
    }
  });

  it('accepts a member who handles alerts across the whole account', async () => {
    const answer = await assign(demoAccounts.anders.id);
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ assignee: { id: string } | null }>().assignee?.id).toBe(demoAccounts.anders.id);
  });
});
