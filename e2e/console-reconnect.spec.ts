import type { Page } from '@playwright/test';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';
import { RestartableConsole, type ConsoleRun } from './restartable-console.ts';

/*
 * The browser console after its bridge socket closed (issue 12): it looks for the web host by
 * itself and reloads once the host serves it again
 * (docs/decisions/0495-the-web-console-reconnects-by-itself.md) — after a dropped socket with the
 * host still running, and after the console was stopped and started again on its port.
 */

/** The page-wide banner (calls that were in flight say the same in their own inline alerts). */
const banner = (page: Page) => page.getByRole('alert').filter({ has: page.getByText('Lost connection to the console engine.', { exact: true }) });

test('a dropped bridge socket: the tab says it is reconnecting, then reloads into the workspace by itself', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(120_000);
  // Every bridge socket of this page from now on goes through Playwright, so the test can drop one.
  const sockets: { close(): Promise<void> }[] = [];
  await page.routeWebSocket(/\/bridge$/, (ws) => {
    const server = ws.connectToServer();
    sockets.push({ close: async () => { await ws.close(); await server.close(); } });
  });
  await page.reload();
  await openWorkspace(page, serverUrl, 'maria', 'Harbour Taxi');

  // The host does not answer the tab's looks for a while (as while it restarts).
  const origin = new URL(page.url()).origin;
  await page.route(`${origin}/`, (route) => route.abort('connectionrefused'));
  await sockets.at(-1)?.close();
  await expect(banner(page)).toBeVisible();
  await expect(page.getByTestId('connection-lost-detail')).toHaveText(/Reconnecting — next try in \d+ s\./);
  await expect(banner(page).getByRole('button', { name: 'Try now' })).toBeVisible();
  await shootAllSizes(page, 'console-reconnecting');

  // The host answers again: nobody clicks anything.
  await page.unroute(`${origin}/`);
  await expect(page.getByTestId('active-workspace')).toContainText('Harbour Taxi', { timeout: 30_000 });
  await expect(banner(page)).toBeHidden();
});

test('the console stopped and started again on its port: another console is named, then the tab comes back by itself', async ({ page }) => {
  test.setTimeout(120_000);
  const profile = await RestartableConsole.create();
  const stranger = await RestartableConsole.create();
  const runs: ConsoleRun[] = [];
  try {
    const first = await profile.start();
    runs.push(first);
    const port = Number(new URL(first.launchUrl).port);
    await page.goto(first.launchUrl);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    await first.stop();
    await expect(banner(page)).toBeVisible();
    await expect(page.getByTestId('connection-lost-detail')).toContainText('Reconnecting');

    // A console over another profile on the same port does not know this tab's cookie.
    const other = await stranger.start(port);
    runs.push(other);
    await expect(page.getByTestId('connection-lost-detail')).toContainText('no longer knows this tab', { timeout: 30_000 });
    await other.stop();

    // The same console again (its profile keeps the cookie's secret): the tab reloads by itself.
    runs.push(await profile.start(port));
    await expect(banner(page)).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  } finally {
    for (const run of runs) await run.stop();
    await profile.remove();
    await stranger.remove();
  }
});
