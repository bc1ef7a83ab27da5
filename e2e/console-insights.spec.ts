import { readFile } from 'node:fs/promises';
import type { InsightsResponse } from '../contract/api/insights.ts';
import { localDay } from '../contract/time/local-day.ts';
import { ingest, tripVehicle } from './console-demo-data.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';
import { apiAs } from './alert-api.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

// This spec stops its fleet cloud (offline review), so it runs its own behind a TCP relay that
// refuses connections once cut (as offline.spec.ts does).
const own = useOwnFleetCloud();
const tenant = 'Gothenburg Freight AB';
const zone = 'Europe/Stockholm';



/** 20 minutes eastward at about 36 km/h (≈ 12 km), a fix every 10 s, starting at `start`. */
const drive = (start: number) =>
  Array.from({ length: 121 }, (_, i) => ({ deviceId: tripVehicle.uniqueId, time: start + i * 10_000, latitude: 57.72, longitude: 11.9 + i * 0.0017, speedKmh: 36, ignition: true }));

/** A number as the console may write it in the tenant's locale (either decimal separator, grouping). */
const shown = (value: number) => new RegExp(value.toFixed(1).replace('.', '[.,]'));

test('a manager sees the week against the last one, exports the CSV, and reviews the figures offline', async ({ consolePage: page }) => {
  test.setTimeout(240_000);
  // Two drives of GF Truck 02: two days ago (this week) and nine days ago (the week before).
  const now = Date.now();
  await ingest(own.cloud.url, drive(now - 2 * 86_400_000 - 3 * 3_600_000));
  await ingest(own.cloud.url, drive(now - 9 * 86_400_000));
  const api = await apiAs(own.cloud.url, 'maria', tenant);
  const today = localDay(now, zone);
  const from = localDay(now - 6 * 86_400_000, zone);
  // The fleet cloud's daily figures job runs every 10 s: wait until it has counted both drives.
  let expected: InsightsResponse | null = null;
  await expect
    .poll(async () => {
      expected = await api<InsightsResponse>('GET', `/api/insights?from=${from}&to=${today}`);
      return expected.totals.distanceKm > 11 && expected.previous.distanceKm > 11;
    }, { timeout: 60_000 })
    .toBe(true);
  const figures = expected as InsightsResponse | null;
  if (!figures) throw new Error('no insights answer');

  await openWorkspace(page, own.proxy.url, 'maria', tenant);
  await page.getByRole('button', { name: 'Insights' }).click();
  await expect(page.getByRole('heading', { name: 'Fleet insights' })).toBeVisible();
  const distance = page.getByTestId('kpi-distance');
  await expect(distance).toContainText(shown(figures.totals.distanceKm));
  // The same drive each week: the change against the previous week is small and shown.
  await expect(distance).toContainText(/no change|[+−]\d+ %/);
  await expect(page.getByTestId('kpi-utilisation')).toContainText(`1 of ${figures.vehicleCount} vehicles drove`);
  const row = page.getByTestId('insights-vehicles').getByRole('row').filter({ hasText: tripVehicle.name });
  await expect(row).toContainText(shown(figures.totals.distanceKm));
  // Ranked by distance, most first: the truck that drove heads the list.
  await expect(page.getByTestId('insights-vehicles').getByRole('row').nth(1)).toContainText(tripVehicle.name);
  await expect(page.getByRole('figure', { name: 'Distance per day' }).locator('canvas')).toBeVisible();

  // Least driven first: one click on the column asks the fleet cloud for the other order.
  await page.getByTestId('insights-vehicles').getByRole('button', { name: /^Distance/ }).click();
  await expect(page.getByTestId('insights-vehicles').getByRole('columnheader', { name: /Distance/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('insights-vehicles').getByRole('row').last()).toContainText(tripVehicle.name);
  await page.getByTestId('insights-vehicles').getByRole('button', { name: /^Distance/ }).click();
  await expect(page.getByTestId('insights-vehicles').getByRole('row').nth(1)).toContainText(tripVehicle.name);
  await shootAllSizes(page, 'insights-week');
  await page.getByTestId('insights-vehicles').scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'insights-week-tables');

  // CSV: the summary against the last week and the truck's row, read back from the file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = await readFile(file, 'utf8');
  expect((await download).suggestedFilename()).toMatch(/^Gothenburg_Freight_AB-insights-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(csv).toContain(`Distance (km),${figures.totals.distanceKm},${figures.previous.distanceKm},`);
  expect(csv.split('\r\n').find((line) => line.startsWith(`${tripVehicle.name},`))).toMatch(new RegExp(`^${tripVehicle.name},${figures.totals.distanceKm},`));

  // Offline: the fleet cloud stops; the figures viewed before still show, saying when they were saved.
  own.proxy.cut();
  await own.cloud.halt();
  await page.getByRole('button', { name: 'Operations' }).click();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Insights' }).click();
  await expect(page.getByText(/Offline: these figures were saved on this computer/)).toBeVisible({ timeout: 30_000 });
  await expect(distance).toContainText(shown(figures.totals.distanceKm));
  await shootAllSizes(page, 'insights-offline');
  // A period never viewed is not on this computer, and the screen says so.
  await page.getByRole('combobox', { name: 'Period' }).selectOption('last30');
  await expect(page.getByRole('alert')).toContainText('not viewed before the connection was lost');
});
