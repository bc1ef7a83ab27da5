import ExcelJS from 'exceljs';
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
});
