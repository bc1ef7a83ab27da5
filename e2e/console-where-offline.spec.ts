import { startFleetCloudProcess, type FleetCloudProcess } from '../electron/core/test/fleet-cloud-process.ts';
import { startTcpProxy, type TcpProxy } from '../electron/core/test/tcp-proxy.ts';
import { openWorkspace, vehicleTable } from './console-helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';

// This spec stops its fleet cloud, so it runs its own, reached through a TCP relay that refuses
// connections once cut (as offline.spec.ts does).
let cloud: FleetCloudProcess;
let proxy: TcpProxy;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cloud = await startFleetCloudProcess();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
});

test.afterAll(async () => {
  await proxy?.close();
  await cloud?.stop();
});

const coordinatesOnly = /^\s*-?\d{1,2}\.\d{5}, -?\d{1,3}\.\d{5}/;

test('offline: addresses looked up before stay, and nearest vehicles answer in straight lines', async ({ consolePage: page }) => {
  test.setTimeout(120_000);
  await openWorkspace(page, proxy.url, 'anders', 'Gothenburg Freight AB');
  const row = vehicleTable(page).getByRole('row').filter({ hasText: 'GF Truck 02' });
  const place = row.getByRole('cell').first();
  await expect(place).not.toHaveText(coordinatesOnly);
  const online = (await place.textContent()) ?? '';
  await vehicleTable(page).getByText('GF Truck 02').click();
  await expect(page.getByTestId('vehicle-address')).toHaveText(online);

  // The fleet cloud stops.
  proxy.cut();
  await cloud.halt();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  // GF Truck 02 is parked: its address is the one looked up before.
  await expect(page.getByTestId('vehicle-address')).toHaveText(online);

  const map = page.getByTestId('live-map');
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no size');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await page.getByRole('menuitem', { name: 'Nearest vehicles here' }).click();
  const panel = page.getByTestId('nearest-panel');
  await expect(panel).toContainText('Drive times need the connection');
  await expect(panel.getByRole('listitem').first()).toContainText('straight line');
  await expect(panel).not.toContainText('by road');
  await screenshot(page, 'console-nearest-offline');
});
