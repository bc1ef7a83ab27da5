import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { readZip } from '../server/test/read-zip.ts';
import { apiAs } from './alert-api.ts';
import { openWorkspace } from './console-helpers.ts';
import { demoPassword, expect, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 14 item 5 (decision 0250): the operator exports a client account (the download is a ZIP
 * with its manifest), schedules its deletion (the account's user cannot sign in and is told why
 * and until when), restores it (the user signs in again). A fresh account: no other spec's data.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const account = `Lifecycle Haulage ${run}`;
const member = `lc-admin-${run}`;
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name });

test.beforeAll(async () => {
  const serverUrl = process.env.FLEET_SERVER_URL ?? '';
  const operator = await apiAs(serverUrl, 'operator', 'Nordic Fleet Services');
  const tenant = await operator<{ id: string }>('POST', '/api/tenants', { name: account });
  await operator('POST', `/api/tenants/${tenant.id}/users`, { username: member, displayName: 'Lena Lifecycle', password: demoPassword, role: 'admin' });
});

/** The operator on the account's page in Operations. */
async function openAccount(page: Page, serverUrl: string) {
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  const overview = admin(page).getByRole('region', { name: 'Operations overview' });
  await overview.getByLabel('Search accounts').fill(account);
  // The overview's rows are shared for 10 s: refresh until the new account is among them.
  await expect(async () => {
    await overview.getByRole('button', { name: 'Refresh' }).click();
    await expect(overview.getByRole('button', { name: account })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await overview.getByRole('button', { name: account }).click();
  return overview.getByRole('region', { name: 'Account lifecycle' });
}

test('the operator exports the account: the download is a ZIP with its manifest, and the progress ends complete', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 400_000 : 120_000);
  const lifecycle = await openAccount(page, serverUrl);
  const download = page.waitForEvent('download');
  await lifecycle.getByRole('button', { name: 'Export data' }).click();
  const file = await (await download).path();
  const zip = await readZip(await readFile(file));
  const manifest = JSON.parse(String(zip.get('manifest.json'))) as { tenant: { name: string }; files: { name: string; rows: number }[] };
  expect(manifest.tenant.name).toBe(account);
  expect(manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['tenant.json', 'settings.json', 'users.csv', 'data/devices.csv', 'data/positions.csv', 'data/audit_log.csv']));
  expect(manifest.files.find((f) => f.name === 'users.csv')?.rows).toBe(1);
  await expect(lifecycle.getByTestId('export-progress')).toContainText('Export complete');
  await lifecycle.getByTestId('export-progress').scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'lifecycle-export');

  // Usage for billing, from the overview.
  await admin(page).getByRole('button', { name: '← All accounts' }).click();
  const usage = page.waitForEvent('download');
  await admin(page).getByRole('button', { name: 'Download usage CSV' }).click();
  const csv = await readFile(await (await usage).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^month,tenant_id,tenant_name,status,plan,/);
  expect(csv).toContain(account);
  await shootAllSizes(page, 'lifecycle-usage');
});

test('the operator schedules the deletion in a dialog that names the account and the purge date', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 400_000 : 120_000);
  const lifecycle = await openAccount(page, serverUrl);
  await lifecycle.getByRole('button', { name: 'Schedule deletion…' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${account}` });
  await expect(dialog.getByRole('heading', { name: `Delete ${account}?` })).toBeVisible();
  await dialog.getByLabel('Grace period (days)').fill('0');
  await expect(dialog.getByText('Enter a whole number of days from 1 to 90.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: `Schedule deletion of ${account}` })).toBeDisabled();
  await dialog.getByLabel('Grace period (days)').fill('14');
  await expect(dialog.getByTestId('purge-date')).not.toHaveText('…');
  const purgeDate = (await dialog.getByTestId('purge-date').textContent()) ?? '';
  await shootAllSizes(page, 'lifecycle-delete-dialog');
  await dialog.getByRole('button', { name: `Schedule deletion of ${account}` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(lifecycle.getByTestId('pending-deletion')).toContainText('All its data will be deleted on');
  await expect(lifecycle.getByTestId('pending-deletion')).toContainText(purgeDate.slice(0, 6));
  await lifecycle.getByRole('button', { name: `Restore ${account}` }).scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'lifecycle-pending');

  // The account list shows it pending, with the date.
  await section(page, 'Client accounts').click();
  const row = admin(page).getByRole('row', { name: new RegExp(account) });
  await expect(row).toContainText('Pending deletion — purged');
  await expect(row.getByRole('button', { name: 'Restore' })).toBeVisible();
  await shootAllSizes(page, 'lifecycle-accounts');
});

test("the account's user cannot sign in, and is told why and until when", async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 300_000 : 90_000);
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Username').fill(member);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert').filter({ hasText: account });
  await expect(alert).toContainText(`${account} is closed and will be deleted on`);
  await expect(alert).toContainText('your provider can still restore it');
  await shootAllSizes(page, 'lifecycle-sign-in-refused');
});

test('the operator restores the account, and its user signs in again', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(120_000);
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  await section(page, 'Client accounts').click();
  const row = admin(page).getByRole('row', { name: new RegExp(account) });
  await row.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('toaster').locator('.toast').filter({ hasText: `${account} is restored` })).toBeVisible();
  await expect(row).toContainText('Active');
});

test('after the restore the user signs in', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(90_000);
  await openWorkspace(page, serverUrl, member, account);
});
