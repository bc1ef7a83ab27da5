import type { Page } from '@playwright/test';
import { openWorkspace, vehicleTable } from './console-helpers.ts';
import { expect, test } from './fixtures.ts';
import { patchTenantSettings } from './tenant-settings.ts';

/**
 * Local formats (issue 12): the tenant's locale and units decide how the console writes times,
 * dates, numbers and speeds, in the dispatch view and in administration alike. Every spec that
 * changes a shared demo tenant puts it back, so specs after it see the demo as seeded.
 */
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });

async function openAccountSettings(page: Page) {
  await page.getByRole('button', { name: 'Administration' }).click();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Account settings' }).click();
}

async function formatSample(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const sample = (await page.getByTestId('format-sample').textContent()) ?? '';
  await page.getByRole('button', { name: 'Done' }).click();
  return sample;
}

test('a Swedish tenant writes 24-hour times and day-first dates; a time-zone typo gets words next to the field', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(180_000);
  try {
    await openWorkspace(page, serverUrl, 'maria', 'Gothenburg Freight AB');
    await openAccountSettings(page);
    const form = admin(page);
    await form.getByLabel('Formats (times, dates, numbers)').selectOption('sv-SE');
    await form.getByLabel('Time zone').fill('Stockholm');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(form.getByText('“Stockholm” is not a time zone: pick one from the list')).toBeVisible();
    await form.getByLabel('Time zone').fill('Europe/Stockholm');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect(form.getByText(/Saved as version \d+/)).toBeVisible();
    // The version line of the form is written in the new locale (a 24-hour time, no AM/PM).
    await expect(form.getByTestId('settings-version')).toHaveText(/\d{1,2} [a-z]{3}\.? \d{4} \d{2}:\d{2}/);
    await form.getByRole('button', { name: 'Close administration' }).click();
    // 15:30 UTC on 24 Dec is 16:30 in Stockholm, written the Swedish way.
    await expect.poll(() => formatSample(page)).toContain('24 dec. 2026 16:30');
    expect(await formatSample(page)).toContain('12\u00a0345,6');

    // A person's own override wins over the account's locale, on this computer only.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Times, dates and numbers').selectOption('en-US');
    await expect(page.getByTestId('format-sample')).toContainText('Dec 24, 2026');
    await page.getByLabel('Times, dates and numbers').selectOption('');
    await page.getByRole('button', { name: 'Done' }).click();
  } finally {
    await patchTenantSettings(serverUrl, 'maria', 'Gothenburg Freight AB', { locale: 'en-GB' });
  }
});

test('a miles tenant sees mph in the list and in the threshold fields of its settings, and US formats', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(180_000);
  await patchTenantSettings(serverUrl, 'sofia', 'City Utilities', { distanceUnit: 'mi', locale: 'en-US', timeZone: 'America/New_York' });
  try {
    await openWorkspace(page, serverUrl, 'sofia', 'City Utilities');
    await expect(vehicleTable(page).getByText(/\d+ mph/).first()).toBeVisible({ timeout: 30_000 });
    await expect(vehicleTable(page).getByText(/km\/h/)).toHaveCount(0);
    expect(await formatSample(page)).toContain('Dec 24, 2026, 10:30');
    await openAccountSettings(page);
    await expect(admin(page).getByLabel('Default speed limit (mph)')).toHaveValue('56');
    await expect(admin(page).getByLabel('Overspeed margin (mph)')).toBeVisible();
  } finally {
    await patchTenantSettings(serverUrl, 'sofia', 'City Utilities', { distanceUnit: 'km', locale: 'en-GB', timeZone: 'Europe/Stockholm' });
  }
});
