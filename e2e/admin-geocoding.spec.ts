import type { Page } from '@playwright/test';
import { openWorkspace } from './console-helpers.ts';
import { expect, screenshot, shootAllSizes, test } from './fixtures.ts';

/**
 * The provider's operator sets the geocoding service every client account's addresses come from:
 * a refused URL says which field and why; a saved one becomes a new version; back to built-in.
 */
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const shots = process.env.SHOTS_DIR;

test('the operator points the fleet cloud at a Nominatim service and back to the built-in data', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(shots ? 400_000 : 90_000);
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  // The operator lands on Administration (there is no fleet of theirs to watch).
  await expect(admin(page)).toBeVisible();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Geocoding service' }).click();
  const form = admin(page).getByRole('form', { name: 'Geocoding service' });
  await expect(form.getByLabel('Source')).toHaveValue('builtin');
  const version = Number((await form.getByTestId('provider-settings-version').textContent())?.match(/Version (\d+)/)?.[1]);

  await form.getByLabel('Source').selectOption('nominatim');
  await form.getByLabel('Service URL').fill('http://geocoder.example.com');
  await form.getByRole('button', { name: 'Save geocoding service' }).click();
  await expect(form.getByRole('alert')).toContainText('geocoder');

  await form.getByLabel('Service URL').fill('http://127.0.0.1:7070');
  await form.getByLabel('Requests per second').fill('2');
  await form.getByLabel('Language of names').fill('sv');
  await form.getByRole('button', { name: 'Save geocoding service' }).click();
  await expect(form.getByRole('status')).toContainText(`Saved as version ${version + 1}`);
  await expect(form.getByTestId('provider-settings-version')).toContainText('changed by Olivia Operator');
  await expect(form.getByLabel('Service URL')).toHaveValue('http://127.0.0.1:7070');
  await screenshot(page, 'admin-geocoding');
  await shootAllSizes(page, 'admin-geocoding');

  // Back to the built-in data, so the rest of the suite's addresses do not depend on this spec.
  await form.getByLabel('Source').selectOption('builtin');
  await form.getByRole('button', { name: 'Save geocoding service' }).click();
  await expect(form.getByRole('status')).toContainText(`Saved as version ${version + 2}`);
  await expect(form.getByLabel('Service URL')).toHaveCount(0);
});
