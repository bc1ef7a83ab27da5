import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';
import { openWorkspace, thenCameraStill, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { deliveryRun, ingest, replayVehicle as tripVehicle, tripVehicle as quietVehicle } from './console-demo-data.ts';
import { expect, screenshot, shootAllSizes, test } from './fixtures.ts';

/** Opens the Trips panel of the trip vehicle and waits for its (synced) trip of today. */
async function openTrips(page: Page) {
  await vehicleTable(page).getByText(tripVehicle.name).click();
  await page.getByRole('tab', { name: 'Trips' }).click();
  const panel = page.getByTestId('trips-panel');
  await expect(panel.getByRole('heading', { name: tripVehicle.name })).toBeVisible();
  const trip = panel.getByRole('list', { name: 'Trips' }).getByRole('button').first();
  // The engine syncs trips in the background; the panel refreshes its list on its own.
  await expect(trip).toBeVisible({ timeout: 45_000 });
  return { panel, trip };
}

test('a trip replays on the map with speed, timeline, stops, follow and a synchronised chart; it exports as CSV and GPX', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(120_000);
  await ingest(serverUrl, deliveryRun(tripVehicle.uniqueId, 50));
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  const { panel, trip } = await openTrips(page);
  await expect(trip).toContainText(/km/);
  await trip.click();

  const replay = page.getByTestId('trip-replay');
  await expect(replay).toBeVisible();
  await expect(page.getByTestId('replay-banner')).toContainText(`Replay of ${tripVehicle.name}`);
  await expect(replay.getByText(/Stops \(1\)/)).toBeVisible();
  const clock = page.getByTestId('replay-clock');
  const before = await clock.textContent();
  await page.getByLabel('Replay speed').selectOption('64');
  await replay.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(clock).not.toHaveText(before ?? '', { timeout: 5_000 });
  await replay.getByRole('button', { name: 'Pause', exact: true }).click();

  // Scrub the timeline to 40 % of the trip, follow the vehicle, and look at it.
  const timeline = page.getByLabel('Replay position');
  const max = Number(await timeline.getAttribute('max'));
  await timeline.fill(String(Math.round((max * 0.4) / 1000) * 1000));
  await expect(timeline).toHaveValue(String(Math.round((max * 0.4) / 1000) * 1000));
  await replay.getByRole('button', { name: 'Follow' }).click();
  await expect(replay.getByRole('button', { name: 'Following' })).toHaveAttribute('aria-pressed', 'true');
  // Jumping to the stop moves the clock to it.
  await thenCameraStill(page, () => replay.getByRole('listitem').first().getByRole('button').click());
  await screenshot(page, 'console-trip-replay');
  // The speed chart's marker stands at the replay's position; pressing on the chart seeks there.
  const chart = replay.getByRole('figure', { name: /^Speed during the trip, max \d+ km\/h$/ });
  await chart.scrollIntoViewIfNeeded();
  await shootAllSizes(page, 'trip-replay-chart');
  const clockBefore = await clock.textContent();
  const box = await chart.locator('.u-over').boundingBox();
  if (!box) throw new Error('the replay chart has no plot area');
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  await expect(clock).not.toHaveText(clockBefore ?? '');

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Export trip' }).getByRole('button', { name: 'CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(new RegExp(`^${tripVehicle.name.replaceAll(' ', '_')}-.*\\.csv$`));
  const csvText = await readFile(await csv.path(), 'utf8');
  expect(csvText.split('\r\n')[0]).toBe('vehicle,time_utc,latitude,longitude,speed_kmh,course_deg,address');
  expect(csvText.split('\r\n').length).toBeGreaterThan(50);

  const gpxDownload = page.waitForEvent('download');
  await panel.getByRole('group', { name: 'Export day' }).getByRole('button', { name: 'GPX' }).click();
  const gpx = await gpxDownload;
  const gpxText = await readFile(await gpx.path(), 'utf8');
  expect(gpxText).toContain('<gpx version="1.1"');
  expect(gpxText.match(/<trkpt /g)?.length ?? 0).toBeGreaterThan(50);

  await page.getByTestId('replay-banner').getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByTestId('replay-banner')).toHaveCount(0);
});

test('a cached trip replays with the fleet cloud stopped', async ({ consolePage: page }) => {
  test.setTimeout(150_000);
  // A private fleet cloud: this test stops it, and the others keep theirs.
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-e2e-offline-trip-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  try {
    await ingest(cloud.url, deliveryRun(tripVehicle.uniqueId, 50));
    await openWorkspace(page, cloud.url, 'maria', 'Gothenburg Freight AB');
    await waitForMapPaint(page);
    const { panel, trip } = await openTrips(page);
    // The engine downloads recent tracks in the background; wait until this one is on disk.
    await expect(trip.getByText('Not yet offline')).toHaveCount(0, { timeout: 45_000 });

    await cloud.close();
    await expect(page.getByText(/offline|cannot reach|connection/i).first()).toBeVisible({ timeout: 30_000 });
    await trip.click();
    const replay = page.getByTestId('trip-replay');
    await expect(replay).toBeVisible();
    await expect(replay.getByText(/Stops \(1\)/)).toBeVisible();
    await page.getByLabel('Replay position').fill('240000');
    await expect(page.getByLabel('Replay position')).toHaveValue('240000');
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await screenshot(page, 'console-trip-offline');
  } finally {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the trips panel opens on the vehicle\'s latest day with trips when today has none', async ({ consolePage: page }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-e2e-latest-trip-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  try {
    // Its only trip: a delivery run three days ago (a caller asks about it after a quiet weekend).
    const startedAgoMin = 3 * 24 * 60;
    await ingest(cloud.url, deliveryRun(quietVehicle.uniqueId, startedAgoMin));
    await openWorkspace(page, cloud.url, 'maria', 'Gothenburg Freight AB');
    await vehicleTable(page).getByText(quietVehicle.name).click();
    await page.getByRole('tab', { name: 'Trips' }).click();
    const panel = page.getByTestId('trips-panel');
    const tripDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(Date.now() - startedAgoMin * 60_000);
    await expect(panel.getByRole('textbox', { name: 'Day' })).toHaveValue(tripDay, { timeout: 45_000 });
    await expect(panel.getByRole('note')).toContainText(/No trips today — showing .*, this vehicle's latest/);
    await expect(panel.getByRole('list', { name: 'Trips' }).getByRole('button')).toHaveCount(1);
    await screenshot(page, 'console-trips-latest-day');
    await shootAllSizes(page, 'trips-latest-day');

    // Once the dispatcher moves through the days, the panel stays on the day chosen.
    await panel.getByRole('button', { name: 'Next day' }).click();
    await expect(panel.getByText('No trips on this day')).toBeVisible();
    await expect(panel.getByRole('note')).toHaveCount(0);
  } finally {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
