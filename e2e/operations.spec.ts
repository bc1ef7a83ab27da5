import type { Page } from '@playwright/test';
import { demoTenants } from '../demo/demo-accounts.ts';
import { demoDevices } from '../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../demo/demo-registry.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 14: the provider's operator sees every client account's counts and health — sorted,
 * searched, one account's page with its history — and the units that need a look, never a
 * position or a user of the account.
 */
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const freight = demoTenants.gothenburgFreight.name;
const truck = demoDevices.find((d) => d.name === 'GF Truck 02');

test('the operator reads every account’s counts, opens one account’s history and finds units needing a look', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 400_000 : 120_000);
  // A report through the public ingest, as a tracker sends it: the counters carry it to the overview.
  const uniqueId = truck?.uniqueId ?? '';
  const report = new URLSearchParams({ id: uniqueId, key: demoDeviceSecret(uniqueId), lat: '57.71', lon: '11.97', speed: '0', timestamp: String(Math.floor(Date.now() / 1000)) });
  expect((await fetch(`${serverUrl}/?${report}`)).status).toBe(200);

  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  // The operator lands on Administration, on the overview.
  const overview = admin(page).getByRole('region', { name: 'Operations overview' });
  await expect(overview.getByRole('heading', { name: 'Operations overview' })).toBeVisible();
  const freightRow = overview.getByRole('row', { name: new RegExp(freight) });
  await expect(freightRow).toBeVisible();
  await expect(overview.getByRole('row', { name: /Nordic Fleet Services/ })).toHaveCount(0);
  // Counted within a flush (10 s) and the shared rows' lifetime (10 s): refresh until it shows.
  await expect(async () => {
    await overview.getByRole('button', { name: 'Refresh' }).click();
    await expect(freightRow.getByRole('cell').nth(4)).not.toHaveText('0', { timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  // Counts only: no vehicle name, coordinate or person anywhere on it.
  await expect(overview).not.toContainText('GF Truck');
  await expect(overview).not.toContainText('57.71');
  await expect(overview).not.toContainText('Maria');

  // Sorted by units, most first; then searched.
  await overview.getByRole('button', { name: 'Units' }).click();
  await expect(overview.getByRole('columnheader', { name: /Units/ })).toHaveAttribute('aria-sort', 'descending');
  await shootAllSizes(page, 'operations-overview');
  await overview.getByLabel('Search accounts').fill('harbour');
  await expect(overview.getByRole('row')).toHaveCount(2);
  await expect(overview.getByRole('row', { name: /Harbour Taxi/ })).toBeVisible();
  await overview.getByLabel('Search accounts').fill('');

  // One account's page: its figures and its history.
  await freightRow.getByRole('button', { name: freight }).click();
  const page2 = admin(page).getByRole('region', { name: 'Operations overview' });
  await expect(page2.getByRole('heading', { name: freight })).toBeVisible();
  await expect(page2.getByText('Units assigned')).toBeVisible();
  await expect(page2.getByRole('figure', { name: /^Stored per hour, last 48 h, [\d,\s]+ in all$/ }).locator('canvas')).toBeVisible();
  await shootAllSizes(page, 'operations-account');
  await page2.getByRole('button', { name: '← All accounts' }).click();
  await expect(overview.getByRole('heading', { name: 'Operations overview' })).toBeVisible();

  // Unit health across accounts: the quiet ones first; the truck that just reported is not among them.
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Unit health' }).click();
  const health = admin(page).getByRole('region', { name: 'Unit health' });
  await expect(health.getByRole('button', { name: 'Not reporting', pressed: true })).toBeVisible();
  await expect(health.getByText(/of \d+ units/)).toBeVisible();
  await expect(health.getByRole('cell', { name: uniqueId, exact: true })).toHaveCount(0);
  await health.getByRole('button', { name: 'All units' }).click();
  await health.getByLabel('Search').fill(uniqueId);
  await expect(health.getByRole('row', { name: new RegExp(`${uniqueId}.*${freight}.*(just now|min ago)`) })).toBeVisible();
  await health.getByLabel('Search').fill('');
  await health.getByRole('button', { name: 'Not reporting' }).click();
  await shootAllSizes(page, 'operations-unit-health');
});
