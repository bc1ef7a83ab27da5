import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openWorkspace, waitForMapPaint } from './console-helpers.ts';
import { deliveryRun, ingest, tripVehicle } from './console-demo-data.ts';
import { expect, test } from './fixtures.ts';

/** Settings → Available offline (issue 12), and the screens of this branch at every size and theme. */
const shotsDir = process.env.SHOTS_DIR ?? join(import.meta.dirname, 'screenshots');
const sizes = [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
];

async function setTheme(page: Page, theme: 'Dark (for dispatch rooms)' | 'Light') {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: theme }).check();
  await page.getByRole('button', { name: 'Done' }).click();
}

test('Settings lists what each workspace has available offline, trips per day with sizes', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await ingest(serverUrl, deliveryRun(tripVehicle.uniqueId, 90));
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await expect(page.getByTestId('connection-state')).toContainText('Live', { timeout: 60_000 });
  const offline = page.getByTestId('available-offline');
  // The trip closes on the server and reaches the cache with a sync: the view reads the cache each time it opens.
  await expect(async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    try {
      await expect(offline).toContainText('Gothenburg Freight AB');
      await expect(offline).toContainText(/\d+ vehicles/);
      await expect(offline).toContainText('Last synced');
      await expect(offline.getByRole('table', { name: 'Trips kept offline per day' }).getByRole('row').nth(1)).toBeVisible({ timeout: 2_000 });
    } finally {
      await page.getByRole('button', { name: 'Done' }).click();
    }
  }).toPass({ timeout: 120_000 });

  if (!process.env.SHOTS_DIR) return;
  const [map] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the map in a new window' }).click()]);
  for (const theme of ['Dark (for dispatch rooms)', 'Light'] as const) {
    await setTheme(page, theme);
    await map.reload(); // preferences are per page: the pop-out reads the theme as it loads
    const tag = theme === 'Light' ? 'light' : 'dark';
    for (const size of sizes) {
      await page.setViewportSize(size);
      await map.setViewportSize(size);
      await page.getByRole('button', { name: 'Settings' }).click();
      await offline.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shotsDir, `settings-offline-${size.width}x${size.height}-${tag}.png`) });
      await page.getByRole('button', { name: 'Done' }).click();
      await page.screenshot({ path: join(shotsDir, `main-${size.width}x${size.height}-${tag}.png`) });
      await expect(map.getByTestId('pane-selection')).toBeVisible();
      await map.screenshot({ path: join(shotsDir, `pop-out-map-${size.width}x${size.height}-${tag}.png`) });
    }
  }
});
