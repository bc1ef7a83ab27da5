import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { InsightsReport } from './insights-report.ts';
import { reportToXlsx } from './report-xlsx.ts';

const report: Pick<InsightsReport, 'title' | 'subtitle' | 'tables'> = {
  title: 'Gothenburg Freight AB — fleet insights 2026-11-30 to 2026-12-06',
  subtitle: 'Days in Europe/Stockholm; compared with 2026-11-23 to 2026-11-29.',
  tables: [
    { name: 'Summary', columns: ['Figure', 'Now', 'Before', 'Change (%)'], rows: [['Distance (km)', 120.5, 100, 20.5], ['Trips', 4, null, null]] },
    { name: 'Vehicles', columns: ['Vehicle', 'Distance (km)'], rows: [['=Truck 1', 120.5]] },
  ],
};

describe('reportToXlsx', () => {
  it('writes a workbook that reads back with one sheet per table and numbers as numbers', async () => {
    const bytes = await reportToXlsx(report);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Vehicles']);
    const summary = book.getWorksheet('Summary');
    expect(summary?.getCell('A1').value).toBe(report.title);
    expect(summary?.getRow(3).values).toEqual([undefined, 'Figure', 'Now', 'Before', 'Change (%)']);
    expect(summary?.getCell('B4').value).toBe(120.5);
    expect(summary?.getCell('C5').value).toBeNull();
    // A text cell stays text (a workbook cell is never read as a formula unless written as one).
    expect(book.getWorksheet('Vehicles')?.getCell('A2').value).toBe('=Truck 1');
  });

  it('keeps the styling a reader sees: a bold title and header row, frozen above the table, columns sized to their text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportToXlsx(report)).buffer);
    const summary = book.getWorksheet('Summary');
    expect(summary?.getCell('A1').font?.bold).toBe(true);
    expect(summary?.getCell('A2').font?.italic).toBe(true);
    expect(summary?.getCell('B3').font?.bold).toBe(true);
    expect(summary?.getCell('B4').font?.bold).toBeFalsy();
    expect(summary?.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(book.getWorksheet('Vehicles')?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary?.getColumn(1).width).toBe(15); // "Distance (km)" and a margin
    expect(book.title).toBe(report.title);
  });

  it('writes text that XML cannot carry as is, and repeated text once', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => [`Lastbil ${i % 10} <Västra> & "Frölunda"\u0001`, i]);
    const book = new ExcelJS.Workbook();
    const bytes = await reportToXlsx({ title: 'T', subtitle: 'S', tables: [{ name: 'Trips: a/b', columns: ['Vehicle', 'N'], rows }] });
    await book.xlsx.load(bytes.buffer);
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe('Trips  a b');
    expect(sheet?.getCell('A4').value).toBe('Lastbil 0 <Västra> & "Frölunda"');
    expect(sheet?.getCell('B2003').value).toBe(1_999);
    const strings = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml'] ?? new Uint8Array());
    expect(strings).toContain('count="2004" uniqueCount="14"');
  });
});
