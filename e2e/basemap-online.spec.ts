import type { Page } from '@playwright/test';
import { jumpTo, renderedNames, setMapSource, sourceTiles, startTileServer, waitForMapIdle } from './basemap-helpers.ts';
import { openWorkspace, waitForMapPaint } from './console-helpers.ts';
import { expect, screenshot, shootAllSizes, test } from './fixtures.ts';

/**
 * A tenant's online map: a PMTiles archive or a MapLibre style on the tenant's own tile server
 * (here one started by the test, serving the archive and glyphs built in resources/basemap), and
 * the fallback to the shipped map when that server is down or goes away. The page reads it only
 * through its host's map gateway (docs/decisions/0240-map-gateway.md): no request of the page
 * goes to the tile server itself. Harbour Taxi's setting is put back to the shipped map after
 * each test.
 */
const tenant = 'Harbour Taxi';
/** A port nothing listens on: the tile server that is down. */
const downUrl = 'http://127.0.0.1:9/basemap.pmtiles';

// With SHOTS_DIR set, two tests also take six pictures of a WebGL map each (software GL).
test.beforeEach(() => test.slow(Boolean(process.env.SHOTS_DIR), 'pictures at three sizes in two themes'));

test.afterEach(async ({ serverUrl }) => {
  await setMapSource(serverUrl, 'maria', tenant, { kind: 'offline' });
});

/** The page's own requests that went to `origin` (none should: the gateway fetches for it). */
function directRequests(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(origin)) seen.push(request.url());
  });
  return seen;
}

/** Whether a source's tile template reads `target` through the web host's map gateway. */
const throughGateway = (template: string | null, target: string) =>
  template !== null && /^pmtiles:\/\/http:\/\/127\.0\.0\.1:\d+\/map-gateway\?url=/.test(template) && template.endsWith(`?url=${encodeURIComponent(target)}/{z}/{x}/{y}`);

const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const notice = (page: Page) => page.locator('.live-map__notice');

/** The shipped map's detail band: the workspace's region pack over the shipped archive (decision 0090). */
const offlineDetail = /^fleet-tiles:\/\/detail\/\{z\}\/\{x\}\/\{y\}$/;

test('an admin previews map sources in the settings: a working archive, a server that is down, a bad URL', async ({ consolePage: page, serverUrl }) => {
  const tiles = await startTileServer();
  const direct = directRequests(page, tiles.url);
  try {
    await openWorkspace(page, serverUrl, 'maria', tenant);
    await page.getByRole('button', { name: 'Administration' }).click();
    await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Account settings' }).click();
    await admin(page).getByLabel('Map source').selectOption('pmtiles');
    await admin(page).getByLabel('PMTiles archive URL', { exact: true }).fill(`${tiles.url}/basemap.pmtiles`);
    await admin(page).getByRole('button', { name: 'Preview' }).click();
    await expect(admin(page).getByText(/^Works: PMTiles archive, vector tiles z0–14/)).toBeVisible({ timeout: 30_000 });
    await expect(admin(page).getByTestId('map-preview')).toBeVisible();
    await screenshot(page, 'basemap-settings-preview');
    await shootAllSizes(page, 'basemap-settings-preview');
    // The Preview read the unsaved archive through the gateway, by ranges.
    expect(tiles.requests.filter((p) => p === '/basemap.pmtiles').length).toBeGreaterThan(1);
    expect(direct).toEqual([]);

    await admin(page).getByLabel('PMTiles archive URL', { exact: true }).fill(downUrl);
    await admin(page).getByRole('button', { name: 'Preview' }).click();
    await expect(admin(page).getByText('Does not work: the map server cannot be reached.')).toBeVisible({ timeout: 30_000 });

    await admin(page).getByLabel('Map source').selectOption('style');
    await admin(page).getByLabel('Style URL', { exact: true }).fill('ftp://tiles.example.com/style.json');
    await admin(page).getByRole('button', { name: 'Preview' }).click();
    await expect(admin(page).getByText('The URL must start with http:// or https://.')).toBeVisible();
    // The browser's own url check accepts ftp:, so the server refuses it (reason map-url-invalid);
    // the console words the server's reason exactly as its own check, beside the Preview's.
    await admin(page).getByRole('button', { name: 'Save settings' }).click();
    await expect(admin(page).getByText('The URL must start with http:// or https://.')).toHaveCount(2);
  } finally {
    await tiles.close();
  }
});

test('the map uses the tenant\'s PMTiles archive and falls back to the shipped map when its server goes away', async ({ consolePage: page, serverUrl }) => {
  const tiles = await startTileServer();
  const direct = directRequests(page, tiles.url);
  try {
    await setMapSource(serverUrl, 'maria', tenant, { kind: 'pmtiles', pmtilesUrl: `${tiles.url}/basemap.pmtiles` });
    await openWorkspace(page, serverUrl, 'maria', tenant);
    await waitForMapPaint(page);
    await expect.poll(async () => throughGateway(await sourceTiles(page, 'detail'), `${tiles.url}/basemap.pmtiles`)).toBe(true);
    await jumpTo(page, [11.9746, 57.7089], 15);
    expect((await renderedNames(page, ['road-labels-major', 'road-labels-minor'])).length).toBeGreaterThan(0);
    expect(tiles.requests.filter((p) => p === '/basemap.pmtiles').length).toBeGreaterThan(1);
    expect(direct).toEqual([]);
    await expect(notice(page)).toHaveCount(0);
    await shootAllSizes(page, 'basemap-online-archive');

    // The server goes away after load: new tiles fail, the map switches and says why.
    await tiles.close();
    for (const center of [[11.9, 57.68], [12.05, 57.74], [11.95, 57.65], [12.08, 57.7]] as [number, number][]) {
      await jumpTo(page, center, 14);
      if ((await notice(page).count()) > 0) break;
    }
    await expect(notice(page)).toContainText("Showing the offline map: the online map's tiles stopped loading");
    await expect.poll(() => sourceTiles(page, 'detail')).toMatch(offlineDetail);
    await waitForMapIdle(page);
    await screenshot(page, 'basemap-online-fallback');
  } finally {
    await tiles.close().catch(() => undefined);
  }
});

test('a MapLibre style URL from the tenant\'s tile server is used', async ({ consolePage: page, serverUrl }) => {
  const tiles = await startTileServer();
  const direct = directRequests(page, tiles.url);
  try {
    await setMapSource(serverUrl, 'maria', tenant, { kind: 'style', styleUrl: `${tiles.url}/style.json` });
    await openWorkspace(page, serverUrl, 'maria', tenant);
    await waitForMapPaint(page);
    await expect.poll(() => sourceTiles(page, 'detail')).toBeNull();
    await jumpTo(page, [11.9746, 57.7089], 15);
    expect((await renderedNames(page, ['online-road-labels'])).length).toBeGreaterThan(0);
    await expect(page.getByText('Test tile server')).toBeVisible();
    // The style, its archive (by ranges) and its glyphs all came through the gateway.
    expect(tiles.requests).toEqual(expect.arrayContaining(['/style.json', '/basemap.pmtiles']));
    expect(tiles.requests.some((p) => p.startsWith('/glyphs/'))).toBe(true);
    expect(direct).toEqual([]);
  } finally {
    await tiles.close();
  }

});

test('a style URL whose server is down shows the shipped map with a note saying so', async ({ consolePage: page, serverUrl }) => {
  await setMapSource(serverUrl, 'maria', tenant, { kind: 'style', styleUrl: 'http://127.0.0.1:9/style.json' });
  await openWorkspace(page, serverUrl, 'maria', tenant);
  await waitForMapPaint(page);
  await expect(notice(page)).toHaveText('Showing the offline map: the map server cannot be reached.');
  await waitForMapIdle(page);
  expect(await sourceTiles(page, 'detail')).toMatch(offlineDetail);
  await screenshot(page, 'basemap-online-down');
});
