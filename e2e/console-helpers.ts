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
  await waitForMapRest(page, 0);
}

/** How often the map has come to rest so far (MapView counts MapLibre's `idle` events). */
export async function mapRests(page: Page): Promise<number> {
  return Number((await page.getByTestId('live-map').getAttribute('data-rests')) ?? 0);
}

/**
 * Waits until the map has come to rest after `restsBefore` (take it with `mapRests` before the
 * action that moves the camera or changes what is drawn): camera still, every source drawn.
 */
export async function waitForMapRest(page: Page, restsBefore: number): Promise<void> {
  const map = page.getByTestId('live-map');
  await expect.poll(() => mapRests(page), { timeout: 30_000 }).toBeGreaterThan(restsBefore);
  await expect(map).toHaveAttribute('data-camera', 'still', { timeout: 30_000 });
}

/** Runs `action`, then waits until the map has come to rest after it. */
export async function thenMapRest(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await mapRests(page);
  await action();
  await waitForMapRest(page, before);
}

export const vehicleTable = (page: Page) => page.getByRole('table', { name: 'Vehicles' });
