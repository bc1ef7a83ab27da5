import { openWorkspace, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { deliveryRun, ingest } from './console-demo-data.ts';
import { expect, test } from './fixtures.ts';

/**
 * The parts of the console that load as chunks of their own (docs/decisions/0085-renderer-code-splitting.md) render in a
 * fresh page under the production Content-Security-Policy: every script comes from the page's
 * own origin, no policy violation is reported, and each part shows its real content.
 */

/** Harbour Taxi's parked Taxi 102: no other spec drives it, so its trip is this spec's alone. */
const taxi = { name: 'Taxi 102', uniqueId: '861234050000102' };

test('administration, trip replay and the geofence editor load on demand and render', async ({ consolePage: page, serverUrl }) => {
  // The trip has to be synced by the engine first, as in console-trips.spec.ts.
  test.setTimeout(180_000);
  const origin = new URL(page.url()).origin;
  const scripts: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
  // Chromium reports every blocked load on the console ("Refused to load … Content Security Policy").
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  await ingest(serverUrl, deliveryRun(taxi.uniqueId, 60));
  await openWorkspace(page, serverUrl, 'maria', 'Harbour Taxi');
  await waitForMapPaint(page);

  // Administration (its own chunk).
  await page.getByRole('button', { name: 'Administration' }).click();
  const admin = page.getByRole('dialog', { name: 'Administration' });
  await expect(admin.getByRole('navigation', { name: 'Administration sections' })).toBeVisible();
  await admin.getByRole('button', { name: 'Close administration' }).click();
  await expect(admin).toBeHidden();

  // The geofence editor (the panel and the form are chunks of their own).
  await page.getByRole('tab', { name: 'Geofences' }).click();
  const geofences = page.getByTestId('geofences-panel');
  await geofences.getByRole('button', { name: 'New polygon' }).click();
  const form = geofences.getByRole('form', { name: 'New geofence' });
  await expect(form.getByRole('button', { name: 'Save geofence' })).toBeDisabled();
  await expect(form.getByLabel('Name')).toBeEditable();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);

  // Trip replay: the trips panel, then the replay's controls, map layer and banner.
  await vehicleTable(page).getByText(taxi.name).click();
  await page.getByRole('tab', { name: 'Trips' }).click();
  const trip = page.getByTestId('trips-panel').getByRole('list', { name: 'Trips' }).getByRole('button').first();
  // The engine syncs trips in the background; the panel refreshes its list on its own.
  await expect(trip).toBeVisible({ timeout: 45_000 });
  await trip.click();
  await expect(page.getByTestId('trip-replay')).toBeVisible();
  await expect(page.getByTestId('trip-replay').getByText(/Stops \(1\)/)).toBeVisible();
  await expect(page.getByTestId('replay-banner')).toContainText(`Replay of ${taxi.name}`);

  const chunk = /\/assets\/(AdminPanel|GeofencesPanel|GeofenceForm|TripsPanel|replay-parts)-[\w-]+\.js$/;
  const lazyChunks = scripts.map((url) => chunk.exec(url)?.[1]).filter((name) => name !== undefined);
  expect([...new Set(lazyChunks)].sort()).toEqual(['AdminPanel', 'GeofenceForm', 'GeofencesPanel', 'TripsPanel', 'replay-parts']);
  expect(scripts.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  expect(failed).toEqual([]);
  expect(violations).toEqual([]);
});
