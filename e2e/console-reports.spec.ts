import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { InsightsResponse } from '../contract/api/insights.ts';
import { localDay } from '../contract/time/local-day.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../electron/core/test/fleet-cloud-process.ts';
import { mailAttachments, mailSubject } from '../server/test/mail-attachments.ts';
import { MailReceiver } from '../server/test/notification-receivers.ts';
import { pdfText } from '../server/test/pdf-text.ts';
import { ingest, tripVehicle } from './console-demo-data.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';
import { apiAs, useTestMailServer } from './alert-api.ts';

/**
 * Issue 13's reports end to end: a manager exports the week as PDF (read back with pdftotext)
 * and as Excel (parsed back with ExcelJS); an admin schedules a daily report, a bad field is
 * refused under itself, and "Send now" delivers it with its PDF to a real SMTP server started
 * here. Its own fleet cloud: the provider's SMTP settings it changes are nobody else's.
 */
let cloud: FleetCloudProcess;
const tenant = 'Gothenburg Freight AB';
const zone = 'Europe/Stockholm';
const mail = new MailReceiver();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cloud = await startFleetCloudProcess();
  await useTestMailServer(cloud.url, await mail.listen(), 'Fleet reports <reports@fleet.test>');
});

test.afterAll(async () => {
  await mail.close();
  await cloud?.stop();
});

/** 20 minutes eastward at about 36 km/h (≈ 12 km), a fix every 10 s, starting at `start`. */
const drive = (start: number) =>
  Array.from({ length: 121 }, (_, i) => ({ deviceId: tripVehicle.uniqueId, time: start + i * 10_000, latitude: 57.72, longitude: 11.9 + i * 0.0017, speedKmh: 36, ignition: true }));

/** A figure as the report writes it (en-GB, at most two decimals). */
const inReport = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const toast = (page: Page) => admin(page).getByTestId('toaster').locator('.toast').last();

test('a manager exports the week as PDF and Excel; an admin schedules a daily report and "Send now" delivers it', async ({ consolePage: page }) => {
  test.setTimeout(300_000);
  const now = Date.now();
  // Yesterday's drive: in this week's figures and in a daily report's period.
  await ingest(cloud.url, drive(now - 86_400_000));
  const api = await apiAs(cloud.url, 'maria', tenant);
  const today = localDay(now, zone);
  const from = localDay(now - 6 * 86_400_000, zone);
  let figures: InsightsResponse | null = null;
  await expect
    .poll(async () => {
      figures = await api<InsightsResponse>('GET', `/api/insights?from=${from}&to=${today}`);
      return figures.totals.distanceKm > 11;
    }, { timeout: 60_000 })
    .toBe(true);
  const week = figures as InsightsResponse | null;
  if (!week) throw new Error('no insights answer');

  // 1. The manager: PDF, read back with a PDF tool.
  await openWorkspace(page, cloud.url, 'maria', tenant);
  await page.getByRole('button', { name: 'Insights' }).click();
  await expect(page.getByTestId('kpi-distance')).toBeVisible();
  // No demo unit reports a fuel level: the figure says so instead of 0 %.
  await expect(page.getByTestId('kpi-fuel')).toContainText('not reported');
  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PDF' }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`Gothenburg_Freight_AB-insights-${from}-${today}.pdf`);
  const pdfPath = await pdf.path();
  const text = await pdfText(await readFile(pdfPath));
  expect(text).toContain('Gothenburg Freight AB — Fleet insights');
  expect(text).toContain(`Period ${from} – ${today}`);
  expect(text).toContain(`${inReport(Math.round(week.totals.distanceKm))} km`);
  expect(text).toMatch(new RegExp(`${tripVehicle.name}\\s+${inReport(week.totals.distanceKm).replace('.', '\\.')}`));
  expect(text).toMatch(/Fuel used \(% of tank\)\s+not reported/);
  if (process.env.SHOTS_DIR) await copyFile(pdfPath, join(process.env.SHOTS_DIR, 'insights-export.pdf'));

  // 2. Excel, parsed back: numbers are numbers.
  const xlsxDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Excel' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await (await xlsxDownload).path());
  expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Per day', 'Vehicles', 'Drivers']);
  expect(book.getWorksheet('Summary')?.getCell('B4').value).toBe(week.totals.distanceKm);
  const vehicles = book.getWorksheet('Vehicles');
  const truckRow = vehicles?.getRow(2);
  expect(truckRow?.getCell(1).value).toBe(tripVehicle.name);
  expect(truckRow?.getCell(2).value).toBe(week.totals.distanceKm);
  await shootAllSizes(page, 'reports-insights');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // 3. The admin: a daily report; a missing recipient is refused under its field.
  await openWorkspace(page, cloud.url, 'anders', tenant);
  await page.getByRole('button', { name: 'Administration' }).click();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Scheduled reports' }).click();
  await admin(page).getByRole('button', { name: 'Add a schedule' }).click();
  const form = admin(page).getByRole('form', { name: 'Add a report schedule' });
  await form.getByLabel('Name', { exact: true }).fill('Daily fleet summary');
  await form.getByLabel('How often').selectOption('daily');
  await form.getByLabel('Excel').check();
  await form.getByRole('button', { name: 'Add schedule' }).click();
  await expect(form.getByText('Enter at least one e-mail address.')).toBeVisible();
  await form.getByLabel('Recipients').fill('fleet.manager@example.com, nope');
  await form.getByRole('button', { name: 'Add schedule' }).click();
  await expect(form.getByText('“nope” is not an e-mail address.')).toBeVisible();
  await shootAllSizes(page, 'reports-schedule-form');
  await form.getByLabel('Recipients').fill('fleet.manager@example.com, owner@example.com');
  await form.getByRole('button', { name: 'Add schedule' }).click();
  await expect(toast(page)).toContainText('Schedule “Daily fleet summary” added');
  const row = admin(page).getByTestId('report-schedule-row').filter({ hasText: 'Daily fleet summary' });
  await expect(row).toContainText('No report sent yet');

  // 4. Send now: one message to both, the PDF and the workbook attached, the figures in the PDF.
  await row.getByRole('button', { name: 'Send now' }).click();
  await expect(toast(page)).toContainText('sent to fleet.manager@example.com, owner@example.com');
  const received = await mail.waitFor((m) => m.to.includes('owner@example.com'));
  expect(received.to.sort()).toEqual(['fleet.manager@example.com', 'owner@example.com']);
  const yesterday = localDay(now - 86_400_000, zone);
  expect(mailSubject(received)).toBe(`[Test] Daily fleet summary: ${tenant}, ${yesterday}`);
  const files = mailAttachments(received);
  expect(files.map((f) => f.contentType)).toEqual(['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  const mailed = await pdfText(files[0]?.content ?? new Uint8Array());
  expect(mailed).toContain(`Period ${yesterday} – ${yesterday} · Selection: All vehicles`);
  expect(mailed).toContain(tripVehicle.name);
  await shootAllSizes(page, 'reports-schedules');
});
