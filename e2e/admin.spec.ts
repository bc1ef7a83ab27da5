import type { Page } from '@playwright/test';
import { demoDeviceSecret } from '../demo/demo-registry.ts';
import { openWorkspace, vehicleTable } from './console-helpers.ts';
import { expect, screenshot, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 3's end-to-end flow: the provider onboards a client (account, two devices, its admin);
 * that admin sets up a group, a dispatcher scoped to it and miles; the dispatcher then sees only
 * the group's vehicle, in the new units.
 */
const run = Date.now().toString(36);
const account = `Lake Ferries ${run}`;
const adminUser = `lf-admin-${run}`;
const dispatcherUser = `lf-disp-${run}`;
const password = 'ferries across the lake';

async function signIn(page: Page, serverUrl: string, username: string, secret: string) {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('active-workspace')).toContainText(account);
}

async function openAdmin(page: Page, section: string) {
  // The operator lands on Administration already; everyone else opens it.
  if (!(await admin(page).isVisible())) await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: section }).click();
}

const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });

async function signOut(page: Page) {
  await admin(page).getByRole('button', { name: 'Close administration' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

test('the provider onboards a client whose dispatcher sees only their group, in the units the admin chose', async ({ consolePage: page, serverUrl }) => {
  // With SHOTS_DIR it also takes two sets of six screenshots.
  test.setTimeout(process.env.SHOTS_DIR ? 300_000 : 120_000);
  // 1. Provider: account, two devices, the account's admin.
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  await openAdmin(page, 'Client accounts');
  await admin(page).getByLabel('New account name').fill(account);
  await admin(page).getByRole('button', { name: 'Create account' }).click();
  await expect(admin(page).getByRole('cell', { name: account })).toBeVisible();

  await admin(page).getByRole('button', { name: 'Device inventory' }).click();
  for (const [unit, name] of [['356938035649901', 'Ferry 1'], ['356938035649902', 'Ferry 2']] as const) {
    await admin(page).getByRole('button', { name: `Assign ${unit}` }).click();
    const form = admin(page).getByRole('form', { name: `Assign ${unit}` });
    // The form opens under the row clicked, not away from it (issue 12).
    expect(await form.evaluate((f) => f.closest('tr')?.previousElementSibling?.textContent ?? '')).toContain(unit);
    if (unit === '356938035649901') await shootAllSizes(page, 'admin-inventory-assign');
    await form.getByLabel('Client account').selectOption({ label: account });
    await form.getByLabel('Vehicle name').fill(name);
    await form.getByRole('button', { name: 'Assign' }).click();
    await expect(admin(page).getByRole('row', { name: new RegExp(`${unit}.*${account}`) })).toBeVisible();
  }
  await screenshot(page, 'admin-inventory');

  await admin(page).getByRole('button', { name: 'Client accounts' }).click();
  await admin(page).getByRole('row', { name: new RegExp(account) }).getByRole('button', { name: 'Add user' }).click();
  const newAdmin = admin(page).getByRole('form', { name: `New user in ${account}` });
  expect(await newAdmin.evaluate((f) => f.closest('tr')?.previousElementSibling?.textContent ?? '')).toContain(account);
  await shootAllSizes(page, 'admin-accounts-add-user');
  await newAdmin.getByLabel('Username').fill(adminUser);
  await newAdmin.getByLabel('Full name').fill('Linnea Lake');
  await newAdmin.getByLabel('Initial password').fill(password);
  await newAdmin.getByLabel('Role').selectOption('admin');
  await newAdmin.getByRole('button', { name: 'Create user' }).click();
  await expect(newAdmin).toHaveCount(0);
  await screenshot(page, 'admin-accounts');
  await signOut(page);

  // Ferry 1 reports a fix (27 kn = 50 km/h = 31 mph) through the public ingest, as a tracker would,
  // with its key: a new account enforces device keys (decision 0100).
  const report = new URLSearchParams({
    id: '356938035649901', key: demoDeviceSecret('356938035649901'), lat: '57.7', lon: '11.95', speed: '27', timestamp: String(Math.floor(Date.now() / 1000)),
  });
  expect((await fetch(`${serverUrl}/?${report}`)).status).toBe(200);

  // 2. The account's admin: a group, Ferry 1 in it, a dispatcher scoped to it, miles.
  await signIn(page, serverUrl, adminUser, password);
  await openAdmin(page, 'Groups');
  await admin(page).getByLabel('New group').fill('Harbour side');
  await admin(page).getByRole('button', { name: 'Create group' }).click();
  await expect(admin(page).getByRole('cell', { name: 'Harbour side' })).toBeVisible();

  await admin(page).getByRole('button', { name: 'Vehicles' }).click();
  await admin(page).getByLabel('Group of Ferry 1').selectOption({ label: 'Harbour side' });
  await expect(admin(page).getByLabel('Group of Ferry 1')).toHaveValue(/[0-9a-f-]{36}/);

  await admin(page).getByRole('button', { name: 'Users and roles' }).click();
  const newUser = admin(page).getByRole('form', { name: 'New user' });
  await newUser.getByLabel('Username').fill(dispatcherUser);
  await newUser.getByLabel('Full name').fill('Dag Dispatcher');
  await newUser.getByLabel('Initial password').fill(password);
  await newUser.getByLabel('Role').selectOption('dispatcher');
  await newUser.getByLabel('Harbour side').check();
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await expect(admin(page).getByRole('row', { name: new RegExp(`${dispatcherUser}.*Harbour side`) })).toBeVisible();
  // The action confirms itself (issue 12): a toast names who was added.
  await expect(page.getByTestId('toaster').locator('.toast').filter({ hasText: 'User Dag Dispatcher added' })).toBeVisible();
  await screenshot(page, 'admin-users');

  await admin(page).getByRole('button', { name: 'Account settings' }).click();
  await admin(page).getByLabel('Distance unit').selectOption('mi');
  await admin(page).getByRole('button', { name: 'Save settings' }).click();
  await expect(admin(page).getByTestId('settings-version')).toContainText('Version 2, changed by Linnea Lake');
  await screenshot(page, 'admin-settings');

  await admin(page).getByRole('button', { name: 'Audit log' }).click();
  await expect(admin(page).getByRole('cell', { name: 'settings.update' })).toBeVisible();
  await expect(admin(page).getByRole('cell', { name: 'users.create' }).first()).toBeVisible();
  await screenshot(page, 'admin-audit');
  await signOut(page);

  // 3. The dispatcher: only the group's vehicle, speeds in mph; no admin screens beyond settings.
  await signIn(page, serverUrl, dispatcherUser, password);
  await expect(vehicleTable(page).getByText('Ferry 1')).toBeVisible();
  await expect(vehicleTable(page).getByText('Ferry 2')).toHaveCount(0);
  await expect(vehicleTable(page).getByText(/31 mph/)).toBeVisible();
  await openAdmin(page, 'Account settings');
  await expect(admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button')).toHaveText(['Account settings', 'My password']);
  await expect(admin(page).getByLabel('Distance unit')).toHaveValue('mi');
  await expect(admin(page).getByLabel('Distance unit')).toBeDisabled();
  await screenshot(page, 'admin-dispatcher-settings');
});
