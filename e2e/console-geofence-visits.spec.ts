import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { ReportDocument } from '../contract/api/reports.ts';
import { dayStart, localDay } from '../contract/time/local-day.ts';
import { pdfText } from '../server/test/pdf-text.ts';
import { apiAs } from './alert-api.ts';
import { ingest, tripVehicle } from './console-demo-data.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

/**
 * The geofence visits report end to end (docs/decisions/0355-geofence-visits-kept-on-ingest.md): a
 * geofence that does not alert, a truck that visits it twice yesterday and is parked in it since
 * last night, all through the real ingest endpoint; the manager saves the report as PDF (read back
 * with pdftotext) and Excel (parsed back) from the Insights tab's picker; offline the picker says
 * it needs the connection. Its own fleet cloud behind a TCP relay (cut for the offline part).
 */
const own = useOwnFleetCloud();
const tenant = 'Gothenburg Freight AB';
const zone = 'Europe/Stockholm';
const yard = 'Customer yard Hisingen';



const picker = (page: Page) => page.getByRole('dialog', { name: 'Make a report' });

test('a manager saves the geofence visits report as PDF and Excel; offline it needs the connection', async ({ consolePage: page }) => {
  test.setTimeout(300_000);
  const now = Date.now();
  const today = localDay(now, zone);
  const yesterday = localDay(now - 86_400_000, zone);
  const from = localDay(now - 6 * 86_400_000, zone);
  const api = await apiAs(own.cloud.url, 'maria', tenant);
  await api('POST', '/api/geofences', { name: yard, shape: { type: 'circle', center: { latitude: 57.72, longitude: 11.95 }, radiusM: 300 }, alertOnEnter: false, alertOnExit: false });
  // 11.95 is inside the yard, 11.93 and 11.97 are not (300 m ≈ 0.005° of longitude here).
  const at = (hhmm: string) => dayStart(yesterday, zone) + Number(hhmm.slice(0, 2)) * 3_600_000 + Number(hhmm.slice(3)) * 60_000;
  const fix = (hhmm: string, longitude: number) => ({ deviceId: tripVehicle.uniqueId, time: at(hhmm), latitude: 57.72, longitude, speedKmh: 12, ignition: true });
  await ingest(own.cloud.url, [
    fix('10:00', 11.93), fix('10:05', 11.95), fix('10:25', 11.95), fix('10:30', 11.97),
    fix('15:00', 11.97), fix('15:10', 11.95), fix('15:50', 11.95), fix('15:55', 11.93),
    fix('21:50', 11.93), fix('22:00', 11.95),
  ]);
  const expected = await api<ReportDocument>('GET', `/api/reports?kind=geofence-visits&from=${from}&to=${today}`);
  expect(expected.tables[1]?.rows.map((r) => r.slice(2, 5))).toEqual([
    [yard, `${yesterday} 10:05`, `${yesterday} 10:30`],
    [yard, `${yesterday} 15:10`, `${yesterday} 15:55`],
    [yard, `${yesterday} 22:00`, 'still inside'],
  ]);

  await openWorkspace(page, own.proxy.url, 'maria', tenant);
  await page.getByRole('button', { name: 'Insights' }).click();
  await page.getByRole('button', { name: 'Reports…' }).click();
  await expect(picker(page)).toBeVisible();
  await picker(page).getByRole('combobox', { name: /^Report/ }).selectOption('geofence-visits');
  await expect(picker(page).getByText(/^Every visit of a vehicle to a geofence/)).toBeVisible();
  await picker(page).getByRole('combobox', { name: /^Period/ }).selectOption('last7');
  await shootAllSizes(page, 'report-picker-geofence-visits');

  // PDF: every visit's row and the totals per geofence in the text a PDF tool reads.
  const pdfDownload = page.waitForEvent('download');
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`Gothenburg_Freight_AB-geofence-visits-${from}-${today}.pdf`);
  // Kept beside the screenshots, to look at the report itself.
  if (process.env.SHOTS_DIR) await pdf.saveAs(join(process.env.SHOTS_DIR, 'geofence-visits-report.pdf'));
  const text = await pdfText(await readFile(await pdf.path()));
  expect(text).toContain('Gothenburg Freight AB — Geofence visits');
  expect(text).toContain(`Period ${from} – ${today} · Selection: All vehicles`);
  expect(text).toMatch(new RegExp(`${tripVehicle.name}\\s+–\\s+${yard}\\s+${yesterday} 10:05\\s+${yesterday} 10:30\\s+25`));
  expect(text).toMatch(new RegExp(`${yard}\\s+${yesterday} 22:00\\s+still inside`));
  expect(text).toMatch(new RegExp(`Per geofence[\\s\\S]*${yard}\\s+3\\s+1`));

  // Excel: the visits sheet, durations as numbers.
  await picker(page).getByRole('radio', { name: 'Excel' }).check();
  const xlsxDownload = page.waitForEvent('download');
  await picker(page).getByRole('button', { name: 'Save Excel' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await (await xlsxDownload).path());
  expect(book.worksheets.map((s) => s.name)).toEqual(['Per geofence', 'Visits']);
  const visits = book.getWorksheet('Visits');
  expect(visits?.getRow(2).values).toEqual([undefined, tripVehicle.name, undefined, yard, `${yesterday} 10:05`, `${yesterday} 10:30`, 25]);
  expect(visits?.getCell('E4').value).toBe('still inside');
  expect(typeof visits?.getCell('F4').value).toBe('number');

  // Offline: the visits are not on this computer; the picker says so and the attempt explains.
  own.proxy.cut();
  await expect(picker(page).getByText(/geofence visits, the daily summary and the driver scorecard need the connection/)).toBeVisible({ timeout: 30_000 });
  await expect(picker(page).getByRole('combobox', { name: /^Report/ }).locator('option', { hasText: 'Geofence visits' })).toHaveText('Geofence visits (needs the connection)');
  await picker(page).getByRole('radio', { name: 'PDF' }).check();
  await picker(page).getByRole('button', { name: 'Save PDF' }).click();
  await expect(picker(page).getByRole('alert').filter({ hasText: 'This report needs the fleet server' })).toBeVisible();
  await shootAllSizes(page, 'report-picker-geofence-visits-offline');
});
