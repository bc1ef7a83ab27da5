import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { ReportDocument } from '../contract/api/reports.ts';
import { localDay } from '../contract/time/local-day.ts';
import { mailAttachments, mailSubject } from '../server/test/mail-attachments.ts';
import { MailReceiver } from '../server/test/notification-receivers.ts';
import { pdfText } from '../server/test/pdf-text.ts';
import { ingest, overspeedFix, speedingVehicle, tripVehicle } from './console-demo-data.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';
import { apiAs, useTestMailServer } from './alert-api.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

/**
 * Issue 13's report kinds end to end: a manager makes a trips report (PDF, read back with
 * pdftotext) and a speeding report (Excel, parsed back) from the report picker, a missing choice
 * is refused under its field, and offline the trips report is made from the cache while the daily
 * summary says it needs the connection; an admin's schedule of the trips report is delivered by
 * "Send now" to a real SMTP server started here. Its own fleet cloud behind a TCP relay (cut for
 * the offline part): its SMTP settings are nobody else's.
 */
const own = useOwnFleetCloud();
const tenant = 'Gothenburg Freight AB';
const zone = 'Europe/Stockholm';
const mail = new MailReceiver();

test.beforeAll(async () => {
  await useTestMailServer(own.cloud.url, await mail.listen(), 'Fleet reports <reports@fleet.test>');
});

test.afterAll(async () => {
  await mail.close();
});

/** 20 minutes eastward at about 36 km/h (≈ 12 km), a fix every 10 s, starting at `start`. */
const drive = (start: number) =>
  Array.from({ length: 121 }, (_, i) => ({ deviceId: tripVehicle.uniqueId, time: start + i * 10_000, latitude: 57.72, longitude: 11.9 + i * 0.0017, speedKmh: 36, ignition: true }));

const picker = (page: Page) => page.getByRole('dialog', { name: 'Make a report' });
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });

test('a manager saves a trips report and a speeding report; a scheduled trips report reaches the mailbox', async ({ consolePage: page }) => {
  test.setTimeout(420_000);
  const now = Date.now();
  const today = localDay(now, zone);
  const yesterday = localDay(now - 86_400_000, zone);
  const from = localDay(now - 6 * 86_400_000, zone);
  await ingest(own.cloud.url, drive(now - 86_400_000));
  await ingest(own.cloud.url, [overspeedFix(speedingVehicle.uniqueId)]);
  const api = await apiAs(own.cloud.url, 'maria', tenant);
  // The trip is cut when the drive ends; wait until the fleet cloud lists it.
  let trips: ReportDocument | null = null;
  await expect
    .poll(async () => {
      trips = await api<ReportDocument>('GET', `/api/reports?kind=trips&from=${from}&to=${today}`);
      return trips.tables[1]?.rows.some((r) => r[0] === tripVehicle.name && String(r[2]).startsWith(yesterday)) ?? false;
    }, { timeout: 60_000 })
    .toBe(true);
  await expect
    .poll(async () => {
      const speeding = await api<ReportDocument>('GET', `/api/reports?kind=speeding&from=${from}&to=${today}`);
      return speeding.tables[1]?.rows.some((r) => r[0] === speedingVehicle.name) ?? false;
    }, { timeout: 60_000 })
    .toBe(true);
  const expected = trips as ReportDocument | null;
  const tripRow = expected?.tables[1]?.rows.find((r) => r[0] === tripVehicle.name);
  if (!tripRow) throw new Error('no trip row');

  // 1. The admin schedules the trips report every day; "Send now" mails yesterday's.
  await openWorkspace(page, own.cloud.url, 'anders', tenant);
  await page.getByRole('button', { name: 'Administration' }).click();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Scheduled reports' }).click();
  await admin(page).getByRole('button', { name: 'Add a schedule' }).click();
  const form = admin(page).getByRole('form', { name: 'Add a report schedule' });
  await form.getByLabel('Name', { exact: true }).fill('Daily trips');
  await form.getByRole('combobox', { name: /^Report/ }).selectOption('trips');
  await form.getByLabel('How often').selectOption('daily');
  await form.getByLabel('Recipients').fill('dispatch@example.com');
  await shootAllSizes(page, 'report-schedule-kind');
  await form.getByRole('button', { name: 'Add schedule' }).click();
  const scheduleRow = admin(page).getByTestId('report-schedule-row').filter({ hasText: 'Daily trips' });
  await expect(scheduleRow).toContainText('Trips · Every day');
  await scheduleRow.getByRole('button', { name: 'Send now' }).click();
  const received = await mail.waitFor((m) => m.to.includes('dispatch@example.com'));
  expect(mailSubject(received)).toBe(`[Test] Daily trips: ${tenant}, ${yesterday}`);
  const files = mailAttachments(received);
  expect(files.map((f) => f.filename)).toEqual([`Gothenburg_Freight_AB-trips-${yesterday}-${yesterday}.pdf`]);
  const mailed = await pdfText(files[0]?.content ?? new Uint8Array());
  expect(mailed).toContain('Gothenburg Freight AB — Trips');
  expect(mailed).toMatch(new RegExp(`${tripVehicle.name}\\s+–\\s+${yesterday}`));
  await admin(page).getByRole('button', { name: 'Close administration' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // 2. The manager opens the picker from Insights; a group must be chosen when "One group" is.
  await openWorkspace(page, own.proxy.url, 'maria', tenant);
  await page.getByRole('button', { name: 'Insights' }).click();
  await page.getByRole('button', { name: 'Reports…' }).click();
  await expect(picker(page)).toBeVisible();
  await picker(page).getByRole('combobox', { name: /^Report/ }).selectOption('trips');
  await picker(page).getByRole('combobox', { name: /^Period/ }).selectOption('last7');
  await picker(page).getByRole('radio', { name: 'One group' }).check();
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  await expect(picker(page).getByText('Choose the group the report covers.')).toBeVisible();
  await shootAllSizes(page, 'report-picker-error');
  await picker(page).getByRole('combobox', { name: 'Group' }).selectOption({ label: 'North depot' });

  // 3. Trips as PDF: the trip's row in the text a PDF tool reads.
  const pdfDownload = page.waitForEvent('download');
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`Gothenburg_Freight_AB-trips-${from}-${today}.pdf`);
  const text = await pdfText(await readFile(await pdf.path()));
  expect(text).toContain('Gothenburg Freight AB — Trips');
  expect(text).toContain(`Period ${from} – ${today} · Selection: Group North depot`);
  expect(text).toContain(String(tripRow[2]));
  expect(text).toContain('Distance per day');
  await shootAllSizes(page, 'report-picker');

  // 3b. Speeding as Excel: the overspeed alert's row, numbers as numbers.
  await picker(page).getByRole('combobox', { name: /^Report/ }).selectOption('speeding');
  await picker(page).getByRole('radio', { name: 'All vehicles' }).check();
  await picker(page).getByRole('radio', { name: 'Excel' }).check();
  const xlsxDownload = page.waitForEvent('download');
  await picker(page).getByRole('button', { name: 'Save Excel' }).click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toBe(`Gothenburg_Freight_AB-speeding-${from}-${today}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsx.path());
  expect(book.worksheets.map((s) => s.name)).toEqual(['Per vehicle', 'Speeding']);
  const speeding = book.getWorksheet('Speeding');
  const rows = Array.from({ length: (speeding?.rowCount ?? 1) - 1 }, (_, i) => speeding?.getRow(i + 2));
  const row = rows.find((r) => r?.getCell(1).value === speedingVehicle.name);
  expect(row?.getCell(7).value).toBe(128);
  expect(typeof row?.getCell(8).value).toBe('number');

  // 4. Offline: the trips report is made from this computer's trips; the daily summary needs the connection.
  own.proxy.cut();
  await expect(picker(page).getByText(/^Offline: trips, stops and idling are made from the trips kept on this computer/)).toBeVisible({ timeout: 30_000 });
  await picker(page).getByRole('combobox', { name: /^Report/ }).selectOption('trips');
  await picker(page).getByRole('radio', { name: 'PDF' }).check();
  const offlineDownload = page.waitForEvent('download');
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  const offlineText = await pdfText(await readFile(await (await offlineDownload).path()));
  expect(offlineText).toContain('Made offline from the data on this computer');
  expect(offlineText).toContain(String(tripRow[2]));
  await expect(picker(page).getByRole('combobox', { name: /^Report/ }).locator('option', { hasText: 'Daily summary' })).toHaveText('Daily summary (needs the connection)');
  await picker(page).getByRole('combobox', { name: /^Report/ }).selectOption('daily-summary');
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  await expect(picker(page).getByRole('alert').filter({ hasText: 'This report needs the fleet server' })).toBeVisible();
  await shootAllSizes(page, 'report-picker-offline');
});
