import { join } from 'node:path';
import { test as base, _electron as electron, type Page } from '@playwright/test';
import { RestartableConsole } from './restartable-console.ts';

const root = join(import.meta.dirname, '..');

export interface ConsoleFixtures {
  /** The fleet cloud the console signs in to. */
  serverUrl: string;
  /**
   * A console page with a fresh engine and profile: the built web host (out/web-host/index.js, as
   * `npm start` runs it) in its own process, shown in Chromium; or the Electron window.
   */
  consolePage: Page;
}

export const test = base.extend<ConsoleFixtures>({
  // Playwright requires the object pattern even when a fixture depends on no other fixture.
  // eslint-disable-next-line no-empty-pattern
  serverUrl: async ({}, use) => {
    const url = process.env.FLEET_SERVER_URL;
    if (!url) throw new Error('FLEET_SERVER_URL is not set: global-setup did not start the fleet cloud.');
    await use(url);
  },
  consolePage: async ({ page }, use) => {
    if (process.env.E2E_TARGET === 'electron') {
      const app = await electron.launch({ args: [join(root, 'out/main/index.js')] });
      await use(await app.firstWindow());
      await app.close();
      return;
    }
    const profile = await RestartableConsole.create();
    const run = await profile.start();
    try {
      await page.goto(run.launchUrl);
      await use(page);
    } finally {
      await run.stop();
      await profile.remove();
    }
  },
});

export const expect = test.expect;

export const demoPassword = 'demo-password-1';

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(root, 'e2e/screenshots', `${name}.png`) });
}

/**
 * With SHOTS_DIR set: the page at 1024×640, 1280×800 and 1920×1080 in both themes, as
 * `<name>-<theme>-<w>x<h>.png` there (outside the repository); then back to 1280×800.
 */
export async function shootAllSizes(page: Page, name: string): Promise<void> {
  const shots = process.env.SHOTS_DIR;
  if (!shots) return;
  for (const theme of ['light', 'dark'] as const) {
    await showTheme(page, theme);
    for (const [width, height] of [[1024, 640], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await mapRedrawn(page);
      await page.screenshot({ path: join(shots, `${name}-${theme}-${width}x${height}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * Waits (5 s at most) until the live map, if the page shows one, has drawn at the page's current
 * size: a resize clears its canvas, and software GL may take longer than the screenshot does to
 * draw it again (a 1920 → 1024 shot caught a map drawn in a strip).
 */
async function mapRedrawn(page: Page): Promise<void> {
  // A string: the e2e tsconfig has no DOM types.
  await page.evaluate(`(async () => {
    const map = document.querySelector('[data-testid="live-map"]')?.maplibreMap;
    if (!map) return;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    map.resize();
    const drawn = new Promise((resolve) => map.once('idle', resolve));
    map.triggerRepaint();
    await Promise.race([drawn, new Promise((resolve) => setTimeout(resolve, 5000))]);
  })()`);
}

/**
 * Shows the page in a theme as a person's choice in another window of the console would: the
 * preference is stored and the storage event the other window's change raises is delivered, so
 * the whole screen follows, the map's basemap included (it is waited for, 15 s at most).
 */
export async function showTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  // A string: the e2e tsconfig has no DOM types.
  await page.evaluate(`(async () => {
    if (document.documentElement.getAttribute('data-theme') === '${theme}') return;
    const map = document.querySelector('[data-testid="live-map"]')?.maplibreMap;
    const drawn = map && new Promise((resolve) => map.once('style.load', () => map.once('idle', resolve)));
    const key = 'fleet-console.preferences';
    const value = JSON.stringify({ ...JSON.parse(localStorage.getItem(key) ?? '{}'), theme: '${theme}' });
    localStorage.setItem(key, value);
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
    if (drawn) await Promise.race([drawn, new Promise((resolve) => setTimeout(resolve, 15000))]);
  })()`);
}
