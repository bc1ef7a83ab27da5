import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openWorkspace } from './console-helpers.ts';
import { ingest } from './console-demo-data.ts';
import { expect, showTheme, test } from './fixtures.ts';

// City Utilities' sweepers: hundreds of distinct engine codes make hundreds of open alerts.
const sweepers = ['490154203237518', '490154203237519', '490154203237520'];
const codes = Array.from({ length: 120 }, (_, k) => `P0${(0x100 + k).toString(16).toUpperCase()}`);
/** SHOTS_DIR when reviewing screens, else the screenshots folder beside the specs. */
const shots = process.env.SHOTS_DIR ?? join(import.meta.dirname, 'screenshots');

async function shoot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  for (const [w, h] of [[1920, 1080], [1280, 800], [1024, 640]] as const) {
    await page.setViewportSize({ width: w, height: h });
    // At 1024 px the details panel (and the inbox in it) folds into a rail: the shot shows that.
    if (w >= 1280) await expect(page.getByTestId('inbox-row').first()).toBeVisible();
    await page.screenshot({ path: join(shots, `${name}-${w}x${h}.png`) });
  }
}

test('hundreds of alerts: keyboard triage, multi-select and one bulk acknowledgement', async ({ consolePage: page, serverUrl }) => {
  // Six screenshots of a map page on software GL take most of a minute on this machine.
  test.setTimeout(240_000);
  // A record carries at most 50 codes: 40 per record, three records a second apart per sweeper.
  const start = Date.now() - 120_000;
  await ingest(serverUrl, sweepers.flatMap((deviceId, k) => [0, 1, 2].map((part) => ({
    deviceId, time: new Date(start + part * 1000).toISOString(), latitude: 57.7 + k * 0.01, longitude: 11.95, speedKmh: 0, ignition: true, dtc: codes.slice(part * 40, part * 40 + 40),
  }))));
  await openWorkspace(page, serverUrl, 'sofia', 'City Utilities');
  await page.getByRole('tab', { name: /Alerts/ }).click();
  const panel = page.getByTestId('alerts-panel');
  await expect(panel.getByTestId('inbox-count')).toHaveText(/^3\d\d alerts$/, { timeout: 30_000 });
  // Windowed: far fewer rows in the page than alerts.
  expect(await panel.getByTestId('inbox-row').count()).toBeLessThan(80);
  await expect(panel.getByLabel('Keyboard shortcuts')).toContainText('acknowledge');

  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme);
    await shoot(page, `inbox-${theme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(panel.getByTestId('inbox-row').first()).toBeVisible();

  // Keyboard: next, next, acknowledge the focused one; its detail shows who did it.
  const list = panel.getByRole('listbox', { name: 'Alerts' });
  await list.focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await expect(panel.getByTestId('alert-detail')).toContainText('Acknowledged by Sofia Admin');

  // Select two with x, resolve them with r.
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(panel.getByTestId('inbox-selected')).toHaveText('2 selected');
  await page.keyboard.press('r');
  await expect(panel.getByTestId('inbox-selected')).toHaveCount(0);

  // Bulk assign: two selected, given to one person in one request; the rows show who has them.
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(panel.getByTestId('inbox-selected')).toHaveText('2 selected');
  await panel.getByLabel('Assign selected to').selectOption({ label: 'Sofia Admin' });
  await expect(panel.getByTestId('inbox-selected')).toHaveCount(0);
  await expect(panel.getByTestId('inbox-row').filter({ hasText: 'Sofia Admin' })).toHaveCount(2);
  // The assignment has reached the server (nothing waits to send) before the next bulk action.
  await expect(panel.getByTitle('Waiting to send')).toHaveCount(0, { timeout: 30_000 });
  await panel.getByLabel('Assignee').selectOption({ label: 'Sofia Admin' });
  await expect(panel.getByTestId('inbox-count')).toHaveText('2 alerts');
  await panel.getByLabel('Assignee').selectOption({ label: 'Anyone' });
  await list.focus();

  // Everything else: Ctrl+A, a (the engine sends it as one bulk request); then nothing is open any more.
  await page.keyboard.press('Control+a');
  await expect(panel.getByTestId('inbox-selected')).toHaveText(/^3\d\d selected$/);
  await page.keyboard.press('a');
  await expect(panel.getByTestId('inbox-selected')).toHaveCount(0, { timeout: 30_000 });
  await panel.getByLabel('Show', { exact: true }).selectOption('open');
  await expect(panel.getByText('No alerts match these filters')).toBeVisible({ timeout: 30_000 });
});
