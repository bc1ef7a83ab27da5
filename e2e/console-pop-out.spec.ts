import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openWorkspace, thenCameraStill, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { expect, test } from './fixtures.ts';

/** Pop-out windows for a second monitor (issue 12): they share the engine's state and the selection. */
const shotsDir = process.env.SHOTS_DIR ?? join(import.meta.dirname, 'screenshots');

/**
 * Counts the fleet snapshots every window of the context asks the engine for: the bridge
 * WebSockets pass through here (a pop-out's socket opens before its popup event reaches the test).
 */
async function countSnapshots(page: Page): Promise<() => number> {
  let count = 0;
  await page.context().routeWebSocket(/\/bridge$/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"method":"fleet.snapshot"')) count++;
      server.send(message);
    });
  });
  return () => count;
}

test('a popped-out map follows the main window’s selection and follow mode, and the other way round', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  // Count from a fresh page load: the engine keeps the sign-in, the page loads its fleet once.
  const snapshots = await countSnapshots(page);
  await page.reload();
  await waitForMapPaint(page);

  const [map] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the map in a new window' }).click()]);
  await map.setViewportSize({ width: 1280, height: 800 });
  await waitForMapPaint(map);
  await expect(map.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB');
  await expect(map.getByTestId('connection-state')).toBeVisible();
  const chip = map.getByTestId('pane-selection');
  await expect(chip).toContainText('Select a vehicle');

  // Selecting in the main window's list: the pop-out map names the vehicle and flies to it.
  await thenCameraStill(map, () => vehicleTable(page).getByText('GF Truck 03').click());
  await expect(chip).toContainText('GF Truck 03');
  await expect(chip).toHaveAttribute('data-following', 'false');

  // Follow mode crosses windows both ways.
  const detail = page.getByTestId('device-detail');
  await detail.getByRole('button', { name: 'Follow' }).click();
  await expect(chip).toHaveAttribute('data-following', 'true');
  await map.getByRole('button', { name: 'Stop following' }).click();
  await expect(detail.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false');
  await map.screenshot({ path: join(shotsDir, 'pop-out-map-1280x800.png') });

  // A vehicle list popped out drives the main window and the map pop-out alike.
  const [list] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the vehicle list in a new window' }).click()]);
  await list.setViewportSize({ width: 560, height: 800 });
  await vehicleTable(list).getByText('GF Truck 05').click();
  await expect(chip).toContainText('GF Truck 05');
  await expect(detail).toContainText('GF Truck 05');
  await list.screenshot({ path: join(shotsDir, 'pop-out-vehicles-560x800.png') });

  // Each of the three windows loaded the fleet once; selections and live changes reloaded nothing.
  expect(snapshots()).toBe(3);

  // Closing the main window asks first (the browser's prompt); staying keeps everything open.
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);
  expect(map.isClosed()).toBe(false);
  // Leaving for real closes the pop-outs with it.
  page.once('dialog', (d) => void d.accept());
  await page.close({ runBeforeUnload: true });
  await map.waitForEvent('close');
  await expect.poll(() => list.isClosed()).toBe(true);
});

test('a theme chosen in the main window switches its pop-outs too, and back', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  const [map] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the map in a new window' }).click()]);
  await expect(map.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB');
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('radio', { name: 'Light' }).check();
  await expect(map.locator('html')).toHaveAttribute('data-theme', 'light');
  await settings.getByRole('radio', { name: /^Dark/ }).check();
  await expect(map.locator('html')).toHaveAttribute('data-theme', 'dark');
});
