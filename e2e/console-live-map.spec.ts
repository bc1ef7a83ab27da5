import { expect, screenshot, shootAllSizes, test } from './fixtures.ts';
import { openWorkspace, thenCameraStill, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { deliveryRun, ingest, tripVehicle } from './console-demo-data.ts';

test('the live map shows the fleet; list and map selection are linked both ways', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'erik', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await expect(vehicleTable(page).getByText('GF Truck 01')).toBeVisible();
  await expect(page.getByText('© OpenStreetMap contributors')).toBeVisible();
  await expect(page.getByText('Natural Earth')).toBeVisible();
  await screenshot(page, 'console-live-map');

  // List → map: selecting a row selects the vehicle and shows its card.
  await vehicleTable(page).getByText('GF Truck 03').click();
  await expect(page.getByTestId('device-detail')).toContainText('GF Truck 03');
  await expect(vehicleTable(page).getByRole('row', { selected: true })).toContainText('GF Truck 03');
});

test('the vehicle list sorted by speed re-sorts when a live report changes the order, and shows the new speed', async ({ consolePage: page, serverUrl }) => {
  // Harbour Taxi's five taxis report the speeds this test sorts by (specs before it may have
  // driven them: it must not depend on the order specs run in). Then Taxi 103, the fastest, stops.
  const taxis: [string, number, number, number][] = [['101', 57.6962, 11.9868, 44], ['102', 57.7068, 11.9671, 0], ['103', 57.7245, 12.0451, 61], ['104', 57.6889, 11.9183, 0], ['105', 57.717, 11.8894, 27]];
  const now = new Date().toISOString();
  await ingest(serverUrl, taxis.map(([n, latitude, longitude, speedKmh]) => ({ deviceId: `861234050000${n}`, time: now, latitude, longitude, speedKmh, course: 45, ignition: true })));
  await openWorkspace(page, serverUrl, 'maria', 'Harbour Taxi');
  await waitForMapPaint(page);
  const names = vehicleTable(page).getByRole('rowheader').locator('.vt__title');
  const speedHeader = vehicleTable(page).getByRole('button', { name: 'Speed' });
  // The first click sorts the fastest first, the second the slowest first.
  await speedHeader.click();
  await expect(names).toHaveText(['Taxi 103', 'Taxi 101', 'Taxi 105', 'Taxi 102', 'Taxi 104']);
  await speedHeader.click();
  await expect(names).toHaveText(['Taxi 102', 'Taxi 104', 'Taxi 105', 'Taxi 101', 'Taxi 103']);
  await ingest(serverUrl, [{ deviceId: '861234050000103', time: new Date().toISOString(), latitude: 57.7245, longitude: 12.0451, speedKmh: 0, course: 45, ignition: true }]);
  // Stopped, it ties with the other stopped taxis and takes its place among them by name.
  await expect(names).toHaveText(['Taxi 102', 'Taxi 103', 'Taxi 104', 'Taxi 105', 'Taxi 101']);
  await expect(vehicleTable(page).getByRole('row').filter({ hasText: 'Taxi 103' }).locator('.vt__speed')).toHaveText('0 km/h');
});

test('device detail shows live state and health; alerts panel lists the inbox with its actions', async ({ consolePage: page, serverUrl }) => {
  // With SHOTS_DIR, six screenshots of a map page on software GL take most of a minute.
  test.setTimeout(180_000);
  // A drive in the last hours (through the real ingest endpoint) gives the speed and battery charts
  // data; parked at its end, the battery has now sagged to 11.2 V, which raises a low-battery alert.
  const run = deliveryRun(tripVehicle.uniqueId, 40);
  const parked = run.at(-1);
  if (!parked) throw new Error('the delivery run has no fixes');
  await ingest(serverUrl, [...run, { ...parked, time: new Date().toISOString(), speedKmh: 0, batteryVoltage: 11.2 }]);
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await vehicleTable(page).getByText('GF Truck 01').click();
  const detail = page.getByTestId('device-detail');
  await expect(detail).toContainText('GF Truck 01');
  await expect(detail).toContainText('ABC 123');
  await page.keyboard.press('ArrowDown');
  await thenCameraStill(page, () => page.getByRole('button', { name: 'Show on map' }).click());
  await expect(detail).toContainText(tripVehicle.name);
  // Charts with a time axis (uPlot canvases), the range they show in their names.
  await expect(detail.getByRole('figure', { name: /^Battery, last 2 h, [\d.,]+–[\d.,]+ V$/ }).locator('canvas')).toBeVisible();
  const speedChart = detail.getByRole('figure', { name: /^Speed, last 2 h, max \d+ km\/h$/ });
  await expect(speedChart.locator('canvas')).toBeVisible();
  // Hovering the plot reads out the point under the cursor: its time and speed.
  await speedChart.locator('.u-over').hover();
  await expect(speedChart.locator('.time-chart__tip')).toContainText(/Speed\s*\d+ km\/h/);
  await screenshot(page, 'console-device-detail');
  await shootAllSizes(page, 'vehicle-detail-charts');

  await page.getByRole('tab', { name: /Alerts/ }).click();
  const alerts = page.getByTestId('alerts-panel');
  await expect(alerts).toBeVisible();
  await expect(alerts.getByText('Could not load alerts')).toHaveCount(0);
  // This spec's own alert is listed, open, with its actions (never an empty inbox).
  // The inbox row opens the detail pane, where the single-alert actions are.
  await alerts.getByTestId('inbox-row').filter({ hasText: tripVehicle.name }).filter({ hasText: /Battery 11\.2 V/ }).first().click({ timeout: 20_000 });
  const lowBattery = alerts.getByTestId('alert-detail').getByRole('listitem').first();
  await expect(lowBattery).toContainText('Open');
  await expect(lowBattery.getByRole('button', { name: 'Acknowledge' })).toBeVisible();
});
