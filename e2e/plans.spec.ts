import type { Page } from '@playwright/test';
import { apiAs } from './alert-api.ts';
import { openWorkspace } from './console-helpers.ts';
import { demoPassword, expect, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 14, plans (decision 0200): the operator sets a client account's plan on its page, the
 * account's admin sees usage against it, and assigning a unit past the plan is refused with
 * the reason on screen. A fresh account, so no other spec's data is touched.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const account = `Plan Haulage ${run}`;
const adminUser = `ph-admin-${run}`;
const units = [`PH${run}A`.toUpperCase(), `PH${run}B`.toUpperCase()];
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name });

test.beforeAll(async () => {
  const serverUrl = process.env.FLEET_SERVER_URL ?? '';
  const operator = await apiAs(serverUrl, 'operator', 'Nordic Fleet Services');
  const tenant = await operator<{ id: string }>('POST', '/api/tenants', { name: account });
  await operator('POST', `/api/tenants/${tenant.id}/users`, { username: adminUser, displayName: 'Petra Planner', password: demoPassword, role: 'admin' });
  for (const uniqueId of units) await operator('POST', '/api/device-registry', { uniqueId, model: 'Plan test' });
});

test('the operator sets a plan and assigning past it is refused with the reason', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 400_000 : 120_000);
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  const overview = admin(page).getByRole('region', { name: 'Operations overview' });
  await overview.getByLabel('Search accounts').fill(account);
  // The overview's rows are shared for 10 s: refresh until the new account is among them.
  await expect(async () => {
    await overview.getByRole('button', { name: 'Refresh' }).click();
    await expect(overview.getByRole('button', { name: account })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await overview.getByRole('button', { name: account }).click();

  const plan = overview.getByRole('region', { name: 'Plan and quotas' });
  await expect(plan.getByTestId('plan-origin')).toContainText('Default plan');
  // A value out of range is named next to its field, and nothing is sent.
  await plan.getByLabel('Max users').fill('0');
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(plan.getByText('Max users must be between 1 and 1000000.')).toBeVisible();
  await plan.getByLabel('Max users').fill('5');
  await plan.getByLabel('Max vehicles').fill('1');
  await plan.getByLabel('Ingest rate (positions/s)').fill('200');
  await plan.getByLabel('Ingest burst (positions)').fill('1000');
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByTestId('toaster').locator('.toast').filter({ hasText: `Plan saved for ${account}` })).toBeVisible();
  await expect(plan.getByTestId('plan-origin')).toContainText('Own plan');
  await expect(plan.getByLabel(`${account} usage against its plan`)).toContainText('0 of 1');
  await plan.scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'plan-editor');

  // The first unit fits; the second is one too many, and the form says why.
  await section(page, 'Device inventory').click();
  const assign = async (uniqueId: string, name: string) => {
    await admin(page).getByRole('button', { name: `Assign ${uniqueId}` }).click();
    const form = admin(page).getByRole('form', { name: `Assign ${uniqueId}` });
    await form.getByLabel('Client account').selectOption({ label: account });
    await form.getByLabel('Vehicle name').fill(name);
    await form.getByRole('button', { name: 'Assign' }).click();
    return form;
  };
  const first = await assign(units[0] ?? '', 'Truck one');
  await expect(first).toHaveCount(0);
  const second = await assign(units[1] ?? '', 'Truck two');
  await expect(second.getByRole('alert')).toContainText("The account's plan allows 1 vehicle, and 1 is assigned");
  await second.scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'plan-assign-refused');
});

test("the account's admin sees usage against the plan", async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 300_000 : 90_000);
  await openWorkspace(page, serverUrl, adminUser, account);
  await page.getByRole('button', { name: 'Administration' }).click();
  await section(page, 'Plan and usage').click();
  const usage = admin(page).getByLabel('Usage against the plan');
  await expect(usage).toContainText('1 of 1');
  await expect(usage).toContainText('at the limit');
  await expect(usage).toContainText('1 of 5');
  await expect(usage).toContainText('200/s');
  await shootAllSizes(page, 'plan-usage');
});
