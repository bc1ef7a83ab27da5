import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { gothenburgUnits, ingest, tripRecords } from '../electron/core/test/fleet-data.ts';
import { vehicleTable } from './console-helpers.ts';
import { demoPassword, expect, screenshot, showTheme, test } from './fixtures.ts';
import { RestartableConsole, type ConsoleRun } from './restartable-console.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

// Sign-ins in memory only (no keychain module): after a restart with the fleet cloud down, the
// console reopens the last workspace through the offline unlock — the password checked on this
// computer against the verifier of the last online sign-in. Its own fleet cloud behind a TCP
// relay, so "the fleet cloud stops" cannot disturb other specs.
const own = useOwnFleetCloud();
const runs: ConsoleRun[] = [];

test.beforeAll(async () => {
  await ingest(own.cloud.url, tripRecords(gothenburgUnits[0], Date.now() - 50 * 60_000, 300));
});

test.afterAll(async () => {
  for (const run of runs) await run.stop().catch(() => undefined);
});

async function launch(console: RestartableConsole, page: Page): Promise<ConsoleRun> {
  const run = await console.start();
  runs.push(run);
  await page.goto(run.launchUrl);
  return run;
}

async function quit(run: ConsoleRun): Promise<void> {
  await run.stop();
  runs.splice(runs.indexOf(run), 1);
}

/** One scrypt check (128 MiB) takes seconds on a loaded 2-core machine: allow for it. */
const checkTimeout = { timeout: 60_000 };

const tripRowOf = (page: Page) => page.getByTestId('trips-panel').getByRole('list', { name: 'Trips' }).getByRole('listitem').filter({ hasText: 'max 50 km/h' });

/** 1024×640, 1280×800, 1920×1080 in both themes, when E2E_SHOTS_DIR asks for them (reviews of the UI). */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  const original = page.viewportSize();
  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme);
    for (const [width, height] of [[1024, 640], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(dir, `${name}-${width}x${height}-${theme}.png`) });
    }
  }
  await showTheme(page, 'dark');
  if (original) await page.setViewportSize(original);
}

test('memory-only sign-ins: restart with the fleet cloud down, unlock offline, review a cached trip, then sign in for real when it is back', async ({ page }) => {
  // Screenshots of the map in software GL at 1920×1080 take a while each (only with E2E_SHOTS_DIR).
  test.setTimeout(process.env.E2E_SHOTS_DIR ? 900_000 : 240_000);
  const console = await RestartableConsole.create();
  const first = await launch(console, page);

  // Where sign-ins are kept, in one line, and how to enable the keychain.
  const notice = page.getByTestId('vault-notice');
  await expect(notice).toContainText('Sign-ins are kept in memory only (no keychain module). To use the keychain:');
  await expect(notice).toContainText('apt-get install libsecret-1-dev gnome-keyring && npm install');
  await shots(page, 'sign-in-vault-notice');

  // Online: sign in, open the truck's trip so its track is cached.
  await page.getByLabel('Server URL').fill(own.proxy.url);
  await page.getByLabel('Username').fill('anders');
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB', checkTimeout);
  await vehicleTable(page).getByText('GF Truck 01').click();
  await page.getByRole('tab', { name: /Trips/ }).click();
  await expect(tripRowOf(page)).toBeVisible({ timeout: 30_000 });
  await expect(tripRowOf(page)).not.toContainText('Not yet offline', { timeout: 30_000 });
  await tripRowOf(page).getByRole('button').first().click();
  await expect(page.getByTestId('trip-replay')).toBeVisible();

  // The fleet cloud stops; the console is quit and started again over the same profile.
  own.proxy.cut();
  await own.cloud.halt();
  await quit(first);
  await launch(console, page);

  const known = page.getByTestId('known-account').filter({ hasText: 'Anders Admin' });
  await expect(known).toContainText('Server unreachable', { timeout: 20_000 });
  await known.getByRole('button', { name: 'Review offline data' }).click();
  const passwordField = known.getByLabel('Password for anders');
  await expect(passwordField).toBeFocused();
  await shots(page, 'sign-in-offline-unlock');
  await screenshot(page, 'offline-unlock');

  // A wrong password is refused locally, and says how many tries are left.
  await passwordField.fill('not-the-password');
  await known.getByRole('button', { name: 'Unlock' }).click();
  await expect(known.getByRole('alert')).toHaveText('Wrong password. 4 attempts left before a pause.', checkTimeout);
  await shots(page, 'sign-in-offline-unlock-wrong');

  await passwordField.fill(demoPassword);
  await known.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB', checkTimeout);
  const review = page.getByTestId('offline-review');
  await expect(review).toContainText('Reviewing offline data');
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing cached data.');

  // The cached trip: its figures and its replay, with no server.
  await vehicleTable(page).getByText('GF Truck 01').click();
  await page.getByRole('tab', { name: /Trips/ }).click();
  await expect(tripRowOf(page)).toContainText(/km · .* · max 50 km\/h/);
  await tripRowOf(page).getByRole('button').first().click();
  const replay = page.getByTestId('trip-replay');
  await expect(replay).toBeVisible();
  await expect(replay).toContainText('Replay · GF Truck 01');
  await expect(replay.getByRole('slider', { name: 'Replay position' })).toBeVisible();
  await shots(page, 'offline-review-trip');
  await screenshot(page, 'offline-review-trip');

  // The fleet cloud is back: the console asks for the real sign-in (one field, one click).
  await own.cloud.restart();
  own.proxy.restore();
  await expect(review).toContainText('The fleet server is reachable again', { timeout: 30_000 });
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await shots(page, 'offline-review-reachable');
  await review.getByLabel('Password for anders').fill(demoPassword);
  await review.getByRole('button', { name: 'Sign in' }).click();
  await expect(review).toBeHidden(checkTimeout);
  await expect(page.getByTestId('offline-banner')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('active-workspace')).toContainText('Gothenburg Freight AB');
});
