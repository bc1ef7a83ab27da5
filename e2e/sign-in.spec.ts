import type { Page } from '@playwright/test';
import { demoPassword, expect, screenshot, test } from './fixtures.ts';

async function signIn(page: Page, serverUrl: string, username: string, password = demoPassword) {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const vehicles = (page: Page) => page.getByRole('table', { name: 'Vehicles' });

test('a manager of two tenants picks one, switches to the other, and only ever sees that tenant’s vehicles', async ({ consolePage: page, serverUrl }) => {
  await signIn(page, serverUrl, 'maria');

  // Two memberships: the console asks which workspace to open.
  await expect(page.getByText('Gothenburg Freight AB')).toBeVisible();
  await expect(page.getByText('Harbour Taxi')).toBeVisible();
  await screenshot(page, 'workspace-picker');
  await page.getByText('Gothenburg Freight AB').click();

  await expect(page.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB');
  await expect(vehicles(page).getByText('GF Truck 01')).toBeVisible();
  await expect(vehicles(page).getByRole('row')).toHaveCount(1 + 6);
  await expect(vehicles(page).getByText(/Taxi 10\d/)).toHaveCount(0);
  await expect(vehicles(page).getByText(/Sweeper/)).toHaveCount(0);
  await screenshot(page, 'device-list');

  await page.getByRole('button', { name: 'Switch workspace' }).click();
  await page.getByRole('menuitem', { name: /Harbour Taxi/ }).click();

  await expect(page.getByTestId('active-workspace')).toContainText('Harbour Taxi');
  await expect(vehicles(page).getByText('Taxi 101')).toBeVisible();
  await expect(vehicles(page).getByRole('row')).toHaveCount(1 + 5);
  await expect(vehicles(page).getByText(/GF Truck/)).toHaveCount(0);

  // And back with the keyboard shortcut: workspace 1 is Gothenburg Freight AB.
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB');
  await expect(vehicles(page).getByText('GF Truck 01')).toBeVisible();
  await expect(vehicles(page).getByText(/Taxi 10\d/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a single-tenant user goes straight to their vehicles', async ({ consolePage: page, serverUrl }) => {
  await signIn(page, serverUrl, 'sofia');
  await expect(page.getByTestId('active-workspace')).toContainText('City Utilities');
  await expect(vehicles(page).getByText('Sweeper 1')).toBeVisible();
  await expect(vehicles(page).getByText(/GF Truck|Taxi 10\d/)).toHaveCount(0);
});

test('a wrong password says so and keeps the form usable', async ({ consolePage: page, serverUrl }) => {
  await signIn(page, serverUrl, 'maria', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText(/username or password/i);
  await screenshot(page, 'sign-in-wrong-password');
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Harbour Taxi')).toBeVisible();
});

test('an unreachable server is reported plainly', async ({ consolePage: page }) => {
  await signIn(page, 'http://127.0.0.1:9', 'maria');
  await expect(page.getByText(/Cannot reach the fleet server at http:\/\/127\.0\.0\.1:9/)).toBeVisible();
  await screenshot(page, 'sign-in-unreachable');
});

test('a malformed server URL is rejected before anything is sent', async ({ consolePage: page }) => {
  await signIn(page, 'http://exa mple.com', 'maria');
  await expect(page.getByText(/is not a valid server address/)).toBeVisible();
});
