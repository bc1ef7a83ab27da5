import type { Locator, Page } from '@playwright/test';
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
  // The camera's first fit to the fleet has ended.
  await expect.poll(() => cameraMoves(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-camera', 'still', { timeout: 30_000 });
}

/** How many camera moves (fit, fly, pan) have ended so far (MapView counts them). */
export async function cameraMoves(page: Page): Promise<number> {
  return Number((await page.getByTestId('live-map').getAttribute('data-moves')) ?? 0);
}

/** Runs `action`, which moves the camera, and waits until that move has ended. */
export async function thenCameraStill(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await cameraMoves(page);
  await action();
  await expect.poll(() => cameraMoves(page), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-camera', 'still', { timeout: 30_000 });
}

/**
 * Waits until the map has drawn two more frames: a change to a map source (a draft corner, a
 * dragged handle) is on screen and under the pointer for the next gesture.
 */
export async function nextMapFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    // The E2E tsconfig has no DOM types: the one browser function used here, described by hand.
    const frame = (globalThis as unknown as { requestAnimationFrame(run: () => void): number }).requestAnimationFrame;
    return new Promise<void>((resolve) => frame(() => frame(() => resolve())));
  });
}

export const vehicleTable = (page: Page) => page.getByRole('table', { name: 'Vehicles' });
/** A vehicle row's place: its column, or the line under the name where the panel is too narrow for the column. */
export const vehiclePlace = (row: Locator) => row.locator('.vt__place:visible, .vt__sub-place:visible').first();
