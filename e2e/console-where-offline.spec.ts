import { jumpTo, renderedNames } from './basemap-helpers.ts';
import { openWorkspace, vehiclePlace, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

// This spec stops its fleet cloud, so it runs its own, reached through a TCP relay that refuses
// connections once cut (as offline.spec.ts does).
const own = useOwnFleetCloud();



const coordinatesOnly = /^\s*-?\d{1,2}\.\d{5}, -?\d{1,3}\.\d{5}/;
const gothenburg: [number, number] = [11.9746, 57.7089];

test('offline: the labelled map from the region pack, addresses looked up before, and nearest vehicles in straight lines', async ({ consolePage: page }) => {
  test.setTimeout(180_000);
  await openWorkspace(page, own.proxy.url, 'anders', 'Gothenburg Freight AB');
  await waitForMapPaint(page);

  // Once synced, the console keeps the map of the fleet's area: Settings lists it with its size.
  await page.getByRole('button', { name: 'Settings' }).click();
  const pack = page.getByTestId('offline-map');
  await expect(pack.getByTestId('offline-map-size')).toHaveText(/^\d+(\.\d)? (MB|kB)$/, { timeout: 60_000 });
  await expect(pack).toContainText('street names and every road');
  await expect(pack.getByRole('button', { name: 'Remove' })).toBeEnabled();
  await screenshot(page, 'settings-offline-map');
  await page.getByRole('button', { name: 'Done' }).click();

  const row = vehicleTable(page).getByRole('row').filter({ hasText: 'GF Truck 02' });
  const place = vehiclePlace(row);
  await expect(place).not.toHaveText(coordinatesOnly);
  const online = (await place.textContent()) ?? '';
  await vehicleTable(page).getByText('GF Truck 02').click();
  await expect(page.getByTestId('vehicle-address')).toHaveText(online);

  // The fleet cloud stops.
  own.proxy.cut();
  await own.cloud.halt();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  // GF Truck 02 is parked: its address is the one looked up before.
  await expect(page.getByTestId('vehicle-address')).toHaveText(online);

  // The labelled map still draws: street names at street zoom in the city centre.
  await jumpTo(page, gothenburg, 15.5);
  const streets = await renderedNames(page, ['road-labels-major', 'road-labels-minor']);
  expect(streets.length, 'street-name labels offline').toBeGreaterThan(3);

  const map = page.getByTestId('live-map');
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no size');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await page.getByRole('menuitem', { name: 'Nearest vehicles here' }).click();
  const panel = page.getByTestId('nearest-panel');
  await expect(panel).toContainText('Drive times need the connection');
  await expect(panel.getByRole('listitem').first()).toContainText(/\d km|\d m/);
  await expect(panel.getByRole('listitem').first()).toContainText('straight line');
  expect(await panel.getByRole('listitem').count()).toBeGreaterThan(2);
  await expect(panel).not.toContainText('by road');
  await screenshot(page, 'console-nearest-offline');

  // Removing the pack works offline too (the map keeps the shipped archive's streets).
  await page.getByRole('button', { name: 'Settings' }).click();
  await pack.getByRole('button', { name: 'Remove' }).click();
  await expect(pack).toContainText('No offline map of this fleet’s area is stored');
  await page.getByRole('button', { name: 'Done' }).click();
  await jumpTo(page, gothenburg, 15.5);
  expect((await renderedNames(page, ['road-labels-major', 'road-labels-minor'])).length).toBeGreaterThan(3);
});
