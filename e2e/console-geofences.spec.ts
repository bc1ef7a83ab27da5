import type { Page } from '@playwright/test';
import { nextMapFrames, openWorkspace, thenCameraStill, vehicleTable, waitForMapPaint } from './console-helpers.ts';
import { ingest, speedingVehicle } from './console-demo-data.ts';
import { expect, screenshot, test } from './fixtures.ts';

/** The map canvas' box: drawing happens in pixels relative to it. */
async function mapBox(page: Page) {
  const box = await page.getByTestId('live-map').boundingBox();
  if (!box) throw new Error('the map is not on screen');
  return { ...box, cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
}

test('a dispatcher draws a polygon, edits its corners, and sees the geofence listed', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'erik', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await page.getByRole('tab', { name: 'Geofences' }).click();
  const panel = page.getByTestId('geofences-panel');
  await panel.getByRole('button', { name: 'New polygon' }).click();
  const form = panel.getByRole('form', { name: 'New geofence' });
  await expect(form.getByRole('button', { name: 'Save geofence' })).toBeDisabled();

  const m = await mapBox(page);
  const corners: [number, number][] = [
    [m.cx - 120, m.cy - 80],
    [m.cx + 110, m.cy - 95],
    [m.cx + 130, m.cy + 90],
    [m.cx - 100, m.cy + 100],
  ];
  for (const [i, [x, y]] of corners.entries()) {
    // Each corner is drawn (with its handle) before the next click.
    await page.mouse.click(x, y);
    await expect(form).toContainText(`(${i + 1})`);
    await nextMapFrames(page);
  }
  await form.getByLabel('Name').fill('Lindholmen depot');
  await form.getByLabel('Description (optional)').fill('Gate 3, loading bays');
  await screenshot(page, 'console-geofence-drawing');
  await form.getByRole('button', { name: 'Save geofence' }).click();

  const row = panel.getByRole('listitem').filter({ hasText: 'Lindholmen depot' });
  await expect(row).toContainText('Polygon, 4 corners');
  await expect(row).toContainText('alerts on enter and exit');

  // Edit: drag a corner, then drag the middle of the first edge to add a fifth corner.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = panel.getByRole('form', { name: 'Edit geofence' });
  await expect(edit.getByLabel('Name')).toHaveValue('Lindholmen depot');
  // The geofence is already in view, so the map keeps still and the handles are where we clicked;
  // they are on the map once it has drawn the draft.
  await nextMapFrames(page);
  // Each drag ends once the map has drawn the moved handles, so the next one finds them.
  const drag = async (from: [number, number], to: [number, number]) => {
    await page.mouse.move(from[0], from[1]);
    await page.mouse.down();
    await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, { steps: 4 });
    await page.mouse.move(to[0], to[1], { steps: 4 });
    await page.mouse.up();
    await nextMapFrames(page);
  };
  const [c0, c1] = corners as [[number, number], [number, number]];
  const moved: [number, number] = [c1[0] + 50, c1[1] - 45];
  await drag(c1, moved);
  await drag([(c0[0] + moved[0]) / 2, (c0[1] + moved[1]) / 2], [(c0[0] + moved[0]) / 2, (c0[1] + moved[1]) / 2 - 60]);
  await expect(edit).toContainText('(5)');
  // A click on an edge (a quarter of the way along the bottom one, away from its midpoint handle)
  // puts a corner into that edge; "Undo corner" takes that one out again, not the last in the list.
  const [, , c2, c3] = corners as [[number, number], [number, number], [number, number], [number, number]];
  await page.mouse.click(c2[0] + (c3[0] - c2[0]) / 4, c2[1] + (c3[1] - c2[1]) / 4);
  await expect(edit).toContainText('(6)');
  // Appended after the last corner instead, the outline would double back and cross itself.
  await expect(edit.locator('.geofence-form__problem')).toHaveCount(0);
  await edit.getByRole('button', { name: 'Undo corner' }).click();
  await expect(edit).toContainText('(5)');
  await edit.getByLabel('Alert on exit').uncheck();
  await screenshot(page, 'console-geofence-editing');
  await edit.getByRole('button', { name: 'Save geofence' }).click();
  await expect(row).toContainText('Polygon, 5 corners');
  await expect(row).toContainText('alerts on enter');
  await expect(row).not.toContainText('exit');
});

test('a circle geofence raises an enter alert that is listed with it', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  // Centre the map on the vehicle, so a click in the middle of the map puts the circle on it.
  await vehicleTable(page).getByText(speedingVehicle.name).click();
  const position = await page.getByTestId('device-detail').locator('dd.mono').textContent();
  const [lat, lon] = (position ?? '').split(',').map(Number) as [number, number];
  expect(Number.isFinite(lat) && Number.isFinite(lon)).toBe(true);
  await thenCameraStill(page, () => page.getByTestId('device-detail').getByRole('button', { name: 'Show on map' }).click());

  await page.getByRole('tab', { name: 'Geofences' }).click();
  const panel = page.getByTestId('geofences-panel');
  await panel.getByRole('button', { name: 'New circle' }).click();
  const m = await mapBox(page);
  await page.mouse.click(m.cx, m.cy);
  const form = panel.getByRole('form', { name: 'New geofence' });
  await expect(form).toContainText('Radius 0.4 km');
  await form.getByLabel('Name').fill('Customer yard Backa');
  await form.getByRole('button', { name: 'Save geofence' }).click();
  const row = panel.getByRole('listitem').filter({ hasText: 'Customer yard Backa' });
  await expect(row).toContainText('Circle, radius 0.4 km');

  // Drive the vehicle from outside (670 m north, beyond the 0.4 km radius) into the circle: a step
  // short enough to be plausible, since a kilometres jump in a second is flagged and kept off the
  // live state (decision 0100). The fleet cloud's rules see a new geofence once their cache (5 s)
  // refreshes: until the enter alert is listed, drive out and in again.
  const linked = row.getByRole('list', { name: 'Alerts of Customer yard Backa' });
  await expect(async () => {
    const now = Date.now();
    const fix = (ago: number, dLat: number) => ({ deviceId: speedingVehicle.uniqueId, time: new Date(now - ago).toISOString(), latitude: lat + dLat, longitude: lon, speedKmh: 30, course: 180, ignition: true });
    await ingest(serverUrl, [fix(1000, 0.006), fix(0, 0.0005)]);
    await expect(linked).toContainText(`${speedingVehicle.name} entered`, { timeout: 3_000 });
  }).toPass({ timeout: 45_000, intervals: [1_000] });
  await expect(row).toContainText('1 open');
  // The zone is already in view (the map was centred on it), so the camera keeps still.
  await row.getByRole('button', { name: 'Customer yard Backa' }).click();
  await expect(page.getByTestId('live-map')).toHaveAttribute('data-camera', 'still');
  await screenshot(page, 'console-geofences');
});

test('a viewer sees geofences but no drawing tools', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'vera', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await page.getByRole('tab', { name: 'Geofences' }).click();
  const panel = page.getByTestId('geofences-panel');
  await expect(panel).toContainText('Your role can see geofences but not change them.');
  await expect(panel.getByRole('button', { name: 'New polygon' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Edit' })).toHaveCount(0);
});
