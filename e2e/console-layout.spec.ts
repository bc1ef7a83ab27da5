import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { nextMapFrames, openWorkspace, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { expect, test } from './fixtures.ts';

/** Where the layout screenshots go: SHOTS_DIR when reviewing screens, else the screenshots folder beside the specs. */
const shotsDir = process.env.SHOTS_DIR ?? join(import.meta.dirname, 'screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: join(shotsDir, `${name}.png`) });
const body = (page: Page) => page.locator('.console__body');

async function setTheme(page: Page, theme: 'Dark (for dispatch rooms)' | 'Light') {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: theme }).check();
  await page.getByRole('button', { name: 'Done' }).click();
}

test('panels fold as the window shrinks from 1920×1080 to 1024×640, open over the map on demand, and keep a fold chosen on purpose', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await expect(body(page)).toHaveAttribute('data-left', 'open');
  await expect(body(page)).toHaveAttribute('data-right', 'open');
  await expect(page.getByRole('tab', { name: 'Vehicle' })).toBeVisible();

  await page.setViewportSize({ width: 1024, height: 640 });
  await expect(body(page)).toHaveAttribute('data-right', 'rail');
  await expect(body(page)).toHaveAttribute('data-left', 'open');
  const rail = page.getByRole('navigation', { name: 'Details (folded)' });
  await expect(rail.getByRole('button', { name: 'Show vehicle' })).toBeVisible();
  // Every status tile reads its whole word at 1024 px.
  for (const label of ['Moving', 'Idle', 'Stopped', 'Offline', 'Unknown']) {
    const tile = page.getByRole('group', { name: 'Vehicles by status' }).getByRole('button', { name: new RegExp(label) });
    await expect(tile).toBeVisible();
    expect(await tile.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }

  // Selecting a vehicle opens its card over the map; Escape closes it again.
  await vehicleTable(page).getByText('GF Truck 03').click();
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details.getByTestId('device-detail')).toContainText('GF Truck 03');
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  await rail.getByRole('button', { name: /Show alerts/ }).click();
  await expect(page.getByRole('tab', { name: /Alerts/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Close the details panel' }).click();

  // Folding the list on purpose holds when the window grows again; the details panel reopens.
  await page.getByRole('button', { name: 'Fold the vehicle list' }).click();
  await expect(body(page)).toHaveAttribute('data-left', 'rail');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(body(page)).toHaveAttribute('data-right', 'open');
  await expect(body(page)).toHaveAttribute('data-left', 'rail');
  await page.getByRole('button', { name: 'Show the vehicle list' }).click();
  await expect(body(page)).toHaveAttribute('data-left', 'open');

  // Dragging the splitter widens the list.
  const splitter = page.getByRole('separator', { name: 'Resize the vehicle list' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  const box = await splitter.boundingBox();
  if (!box) throw new Error('the splitter has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 120);
});

test('the map follows the list filter, says how many it hides, and shows all on request', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  const chip = page.getByTestId('map-filter');
  await expect(chip).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search vehicles' }).fill('GHJ');
  await expect(chip).toContainText(/\d+ vehicles? hidden by the list filter/);
  await shot(page, 'map-follows-list-1280x800');
  await chip.getByRole('button', { name: 'Show all on map' }).click();
  await expect(chip).toContainText('Showing every vehicle');
  await chip.getByRole('button', { name: 'Filter the map too' }).click();
  await expect(chip).toContainText('hidden by the list filter');
  await page.getByRole('button', { name: 'Clear filter' }).first().click();
  await expect(chip).toHaveCount(0);
});

test('screens at laptop, desk and wall sizes in both themes', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await vehicleTable(page).getByText('GF Truck 01').click();
  for (const theme of ['Dark (for dispatch rooms)', 'Light'] as const) {
    await setTheme(page, theme);
    const name = theme === 'Light' ? 'light' : 'dark';
    for (const [width, height] of [
      [1024, 640],
      [1280, 800],
      [1920, 1080],
      [2560, 1440],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect(body(page)).toHaveAttribute('data-right', width >= 1280 ? 'open' : 'rail');
      await expect(page.getByTestId('live-map')).toHaveAttribute('data-camera', 'still');
      await nextMapFrames(page);
      await shot(page, `console-${width}x${height}-${name}`);
    }
  }
});
