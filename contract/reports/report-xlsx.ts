import type { InsightsReport } from './insights-report.ts';

/**
 * The report as an Excel workbook: one sheet per table, a bold frozen header row, numbers as
 * numbers (so the manager's spreadsheet can sum them), columns sized to their titles. ExcelJS is
 * loaded on first export: it is large and most sessions never export.
 */
export async function reportToXlsx(report: Pick<InsightsReport, 'title' | 'subtitle' | 'tables'>): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Fleet console';
  book.title = report.title;
  for (const [index, table] of report.tables.entries()) {
    const sheet = book.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: index === 0 ? 3 : 1 }] });
    if (index === 0) {
      // The first sheet says what the workbook is before its table.
      sheet.addRow([report.title]).font = { bold: true, size: 14 };
      sheet.addRow([report.subtitle]).font = { italic: true };
    }
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    table.columns.forEach((title, i) => {
      sheet.getColumn(i + 1).width = Math.min(40, Math.max(10, title.length + 2, ...table.rows.map((r) => String(r[i] ?? '').length + 2)));
    });
  }
  return new Uint8Array(await book.xlsx.writeBuffer() as ArrayBuffer);
}
