import type { Page } from '@playwright/test';
import { demoPassword, expect } from './fixtures.ts';

/** Signs in and opens a workspace (picks it when the account has several). */
export async function openWorkspace(page: Page, serverUrl: string, username: string, tenant: string): Promise<void> {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const active = page.getByTestId('active-workspace');
  const picker = page.getByText(tenant).first();
  await expect(active.or(picker)).toBeVisible();
  if (!(await active.isVisible())) await picker.click();
  await expect(active).toContainText(tenant);
}

/** Waits until the map has drawn its first frame with vehicles (the layer marks it). */
export async function waitForMapPaint(page: Page): Promise<void> {
  await expect(page.getByTestId('live-map')).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('fleet:vehicles-painted').length > 0, undefined, { timeout: 20_000 });
  // Let glides and the camera's fit animation settle before a screenshot.
  await page.waitForTimeout(1200);
}

export const vehicleTable = (page: Page) => page.getByRole('table', { name: 'Vehicles' });
