import type { Page } from '@playwright/test';
import { openWorkspace, vehiclePlace, vehicleTable } from './console-helpers.ts';
import { deliveryRun, ingest } from './console-demo-data.ts';
import { expect, screenshot, test } from './fixtures.ts';

/** "57.70890, 11.97460": what a display spot shows while, or instead of, an address. */
const coordinatesOnly = /^\s*-?\d{1,2}\.\d{5}, -?\d{1,3}\.\d{5}/;

/** Waits for the first frame with vehicles (no fixed wait: the layer marks it). */
async function mapReady(page: Page): Promise<void> {
  await expect(page.getByTestId('live-map')).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('fleet:vehicles-painted').length > 0, undefined, { timeout: 20_000 });
}

test('search a street, see the nearest vehicles, select one and follow it', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await mapReady(page);

  // The shortcut is on screen and focuses the one search box.
  await expect(page.getByRole('search').getByText('Ctrl F')).toBeVisible();
  await page.keyboard.press('Control+f');
  const search = page.getByRole('combobox', { name: 'Search vehicles and places' });
  await expect(search).toBeFocused();

  // Vehicles come from the fleet on this computer, grouped apart from places.
  await search.fill('truck 03');
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option', { name: /GF Truck 03/ })).toBeVisible();

  await search.fill('sveapl');
  const street = results.getByRole('option', { name: /Sveaplan/ }).first();
  await expect(street).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(street).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('place-pin')).toBeVisible();
  const panel = page.getByTestId('nearest-panel');
  await expect(panel).toContainText('Sveaplan');
  const rows = panel.getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  // Straight-line distance always; drive time by road where the road network knows both ends.
  await expect(rows.first()).toContainText('straight');
  await screenshot(page, 'console-nearest-search');

  const first = (await rows.first().locator('.nearest__name').textContent()) ?? '';
  await rows.first().getByRole('button').click();
  await expect(page.getByTestId('device-detail')).toContainText(first);
  await expect(page.getByRole('button', { name: 'Following' })).toHaveAttribute('aria-pressed', 'true');
});

test('a search picks a vehicle with arrow keys and Enter, selects and follows it', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await mapReady(page);
  const search = page.getByRole('combobox', { name: 'Search vehicles and places' });
  await search.fill('KLM 234');
  await expect(page.getByRole('option', { name: /GF Truck 04/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('device-detail')).toContainText('GF Truck 04');
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();
});

test('right-click on the map: nearest vehicles of the dispatcher’s own group only, and copy coordinates', async ({ consolePage: page, serverUrl }) => {
  // Erik dispatches the North depot: South depot vehicles (GF Truck 04, 05) are never offered.
  await openWorkspace(page, serverUrl, 'erik', 'Gothenburg Freight AB');
  await mapReady(page);
  const map = page.getByTestId('live-map');
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no size');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  const menu = page.getByRole('menu', { name: 'Map point' });
  await expect(menu.getByRole('menuitem', { name: /Copy coordinates/ })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Nearest vehicles here' }).click();

  const panel = page.getByTestId('nearest-panel');
  await expect(panel.getByRole('listitem').first()).toBeVisible();
  await expect(panel).toContainText('GF Truck 01');
  await expect(panel).not.toContainText('GF Truck 04');
  await expect(panel).not.toContainText('GF Truck 05');
  // The point itself, in words (or coordinates and "no address known").
  await expect(panel.locator('.nearest__coords')).toHaveText(coordinatesOnly);
  await screenshot(page, 'console-nearest-right-click');

  await panel.getByRole('button', { name: 'Close nearest vehicles' }).click();
  await expect(panel).toHaveCount(0);
});

test('addresses on the vehicle list, the vehicle card and the trips', async ({ consolePage: page, serverUrl }) => {
  // Sweeper 3 drives across Gothenburg (no other spec uses it): a trip with a start and an end.
  await ingest(serverUrl, deliveryRun('490154203237520', 40));
  await openWorkspace(page, serverUrl, 'sofia', 'City Utilities');
  await mapReady(page);

  const row = vehicleTable(page).getByRole('row').filter({ hasText: 'Sweeper 2' });
  const place = vehiclePlace(row);
  // First coordinates while the address is looked up, then words.
  await expect(place).not.toHaveText(coordinatesOnly);
  await expect(place).not.toHaveText(/^$/);

  await vehicleTable(page).getByText('Sweeper 2').click();
  const card = page.getByTestId('vehicle-address');
  await expect(card).not.toHaveText(coordinatesOnly);
  await expect(card).toHaveText(await place.textContent() ?? '');

  await vehicleTable(page).getByText('Sweeper 3').click();
  await page.getByRole('tab', { name: /Trips/ }).click();
  const trips = page.getByTestId('trips-panel');
  const ends = trips.getByTestId('trip-places').first();
  await expect(ends).toBeVisible({ timeout: 30_000 });
  await expect(ends).toContainText('→');
  await expect(ends).not.toContainText('Unnamed place');
  await expect(ends).not.toHaveText(coordinatesOnly);
  await screenshot(page, 'console-trip-addresses');
});
