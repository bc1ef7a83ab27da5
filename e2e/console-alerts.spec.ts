import { openWorkspace, thenCameraStill, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { ingest, overspeedFix, speedingVehicle } from './console-demo-data.ts';
import { expect, screenshot, test } from './fixtures.ts';

test('a real overspeed alert is acknowledged, assigned, annotated, shown on the map and resolved', async ({ consolePage: page, serverUrl }) => {
  // Through the real ingest endpoint: the fleet cloud's rules raise the alert.
  await ingest(serverUrl, [overspeedFix(speedingVehicle.uniqueId)]);
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await expect(page.getByRole('tab', { name: /Alerts/ }).getByLabel(/open/)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('tab', { name: /Alerts/ }).click();
  const panel = page.getByTestId('alerts-panel');
  // The inbox row opens the detail pane, where the single-alert actions are.
  await panel.getByTestId('inbox-row').filter({ hasText: speedingVehicle.name }).filter({ hasText: /128 km\/h/ }).first().click();
  const alert = panel.getByTestId('alert-detail').getByRole('listitem').first();
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Open');

  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toContainText('Acknowledged by Maria Manager');
  await alert.getByLabel('Assign to').selectOption({ label: 'Erik Dispatcher' });
  await expect(alert).toContainText('assigned to Erik Dispatcher');
  await alert.getByLabel('Add a note').fill('Called the driver; slowing down.');
  await alert.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(alert).toContainText('Maria Manager: Called the driver; slowing down.');

  await thenCameraStill(page, () => alert.getByRole('button', { name: 'Show on map' }).click());
  await expect(vehicleTable(page).getByRole('row', { selected: true })).toContainText(speedingVehicle.name);
  await screenshot(page, 'console-alerts');

  await alert.getByRole('button', { name: 'Resolve' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'Called the driver' })).toHaveCount(0);
  await panel.getByLabel('Show', { exact: true }).selectOption('all');
  await panel.getByTestId('inbox-row').filter({ hasText: speedingVehicle.name }).filter({ hasText: /128 km\/h/ }).first().click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'Called the driver' }).first()).toContainText('Resolved');
});

test('a dispatcher reassigns an alert from the people who handle alerts, without the member list', async ({ consolePage: page, serverUrl }) => {
  // A low battery, not another overspeed: the first test resolved that vehicle's overspeed
  // alert, and a repeat within the cool-down counts into it instead of opening a new one.
  await ingest(serverUrl, [{ ...overspeedFix(speedingVehicle.uniqueId), speedKmh: 40, batteryVoltage: 11.2 }]);
  await openWorkspace(page, serverUrl, 'erik', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await page.getByRole('tab', { name: /Alerts/ }).click();
  await page.getByTestId('alerts-panel').getByTestId('inbox-row').filter({ hasText: speedingVehicle.name }).filter({ hasText: /Battery 11\.2 V/ }).first().click({ timeout: 20_000 });
  const alert = page.getByTestId('alert-detail').getByRole('listitem').first();
  await expect(alert.getByRole('button', { name: 'Resolve' })).toBeVisible({ timeout: 20_000 });
  const picker = alert.getByLabel('Assign to');
  await expect(picker).toBeEnabled();
  // Only people who may handle alerts are offered: never the tenant's viewer.
  await expect(picker.getByRole('option', { name: 'Vera Viewer' })).toHaveCount(0);
  await picker.selectOption({ label: 'Anders Admin' });
  await expect(page.getByTestId('alerts-panel').getByRole('listitem').filter({ hasText: 'assigned to Anders Admin' }).first()).toBeVisible();
  await screenshot(page, 'console-alerts-dispatcher-assign');
});
