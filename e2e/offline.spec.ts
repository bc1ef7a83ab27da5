import type { Alert } from '../contract/api/alerts.ts';
import { deviceIdsByUnit, gothenburgUnits, ingest, overspeedRecords, serverAlerts, signInApi, tripRecords } from '../electron/core/test/fleet-data.ts';
import { openWorkspace, vehicleTable } from './console-helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

// This spec stops its fleet cloud, so it runs its own (not the run-wide one of global-setup).
// The console reaches it through a TCP relay: "stop the fleet cloud" = the server process stops
// and the relay refuses connections, so the console cannot reconnect until we let it — while
// another dispatcher acts on the restarted server to create a conflict.
const own = useOwnFleetCloud();
const tripStart = Date.now() - 50 * 60_000;
/** The Gothenburg tenant's calendar day of an instant (YYYY-MM-DD). */
const tenantDay = (epochMs: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(epochMs);

test.beforeAll(async () => {
  const [truck1, truck2] = gothenburgUnits;
  // A trip of GF Truck 01 earlier today (closed, so its track is cached), and two overspeed alerts.
  await ingest(own.cloud.url, tripRecords(truck1, tripStart, 300));
  await ingest(own.cloud.url, overspeedRecords(truck1, Date.now() - 25 * 60_000));
  await ingest(own.cloud.url, overspeedRecords(truck2, Date.now() - 20 * 60_000));
});


test('offline: browse vehicles, alerts and a cached trip replay; bulk-acknowledge offline; replay on return with the conflict shown', async ({ consolePage: page }) => {
  test.setTimeout(180_000);
  const anders = await signInApi(own.cloud.url, 'anders', 'Gothenburg Freight AB');
  const units = await deviceIdsByUnit(anders);
  const overspeed = (unit: string, alerts: Alert[]) => alerts.find((a) => a.type === 'overspeed' && a.deviceId === units.get(unit));
  const [truck1 = '', truck2 = ''] = gothenburgUnits;

  await openWorkspace(page, own.proxy.url, 'anders', 'Gothenburg Freight AB');
  await expect(vehicleTable(page).getByText('GF Truck 01')).toBeVisible();
  // Synced: the trip's track is on this computer (no "Not yet offline" badge).
  await vehicleTable(page).getByText('GF Truck 01').click();
  await page.getByRole('tab', { name: /Trips/ }).click();
  const trips = page.getByTestId('trips-panel');
  // Just after midnight (tenant time) the trip is yesterday's while the overspeed trip is today's.
  await trips.getByRole('textbox', { name: 'Day' }).fill(tenantDay(tripStart));
  // (The overspeed opened a second trip, still in progress: only closed trips are kept offline.)
  const tripRow = trips.getByRole('list', { name: 'Trips' }).getByRole('listitem').filter({ hasText: 'max 50 km/h' });
  await expect(tripRow).toBeVisible({ timeout: 30_000 });
  await expect(tripRow).not.toContainText('Not yet offline', { timeout: 30_000 });

  // The fleet cloud stops.
  own.proxy.cut();
  await own.cloud.halt();
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('Offline — showing cached data.');
  await expect(banner).toContainText('Last synced');
  await expect(vehicleTable(page).getByText('GF Truck 02')).toBeVisible();
  await screenshot(page, 'offline-devices');

  // A cached trip replays with no connection.
  await tripRow.getByRole('button').first().click();
  await expect(page.getByTestId('trip-replay')).toBeVisible();
  await screenshot(page, 'offline-trip-replay');

  // Alerts from the cache; acknowledge two of them offline, together.
  await page.getByRole('tab', { name: /Alerts/ }).click();
  // An inbox row opens the alert in the detail pane, where its actions are.
  const panel = page.getByTestId('alerts-panel');
  const detail = panel.getByTestId('alert-detail').getByRole('listitem').first();
  const open = async (vehicle: string) => {
    await panel.getByTestId('inbox-row').filter({ hasText: vehicle }).filter({ hasText: 'Speed' }).first().click();
    await expect(detail).toContainText(vehicle);
  };
  // Both selected in the inbox and acknowledged in one bulk action, offline (one request later).
  for (const vehicle of ['GF Truck 01', 'GF Truck 02']) {
    await panel.getByTestId('inbox-row').filter({ hasText: vehicle }).filter({ hasText: 'Speed' }).first().getByRole('checkbox').check();
  }
  await expect(panel.getByTestId('inbox-selected')).toHaveText('2 selected');
  await panel.getByRole('toolbar', { name: 'Selected alerts' }).getByRole('button', { name: 'Acknowledge' }).click();
  await expect(panel.getByTestId('inbox-selected')).toHaveCount(0);
  for (const vehicle of ['GF Truck 01', 'GF Truck 02']) {
    await open(vehicle);
    await expect(detail).toContainText('Acknowledged by Anders Admin');
    await expect(detail).toContainText('waiting to send');
  }
  await expect(banner).toContainText('2 actions waiting to send');
  await screenshot(page, 'offline-alerts');

  // The server comes back (same data). Before the console reconnects, Maria resolves Truck 02's alert.
  await own.cloud.restart();
  const maria = await signInApi(own.cloud.url, 'maria', 'Gothenburg Freight AB');
  const truck2Alert = overspeed(truck2, await serverAlerts(maria));
  expect(truck2Alert?.status).toBe('open');
  expect((await maria.post(`/api/alerts/${truck2Alert?.id}/resolve`, { expectedVersion: truck2Alert?.version })).status).toBe(200);
  own.proxy.restore();

  await expect(banner).toBeHidden({ timeout: 60_000 });
  // The offline acknowledgement reached the server ...
  await expect.poll(async () => overspeed(truck1, await serverAlerts(maria))?.acknowledgedBy?.displayName, { timeout: 20_000 }).toBe('Anders Admin');
  // ... the conflicting one did not, and the console says why and shows the server's state.
  await expect(panel).toContainText('Maria Manager resolved this alert while you were offline', { timeout: 20_000 });
  expect(overspeed(truck2, await serverAlerts(maria))?.acknowledgedBy).toBeNull();
  await panel.getByLabel('Show', { exact: true }).selectOption('all');
  await open('GF Truck 02');
  await expect(detail).toContainText('Resolved');
  await open('GF Truck 01');
  await expect(detail).not.toContainText('waiting to send');
  await screenshot(page, 'offline-conflict');
});
