import type { InsightsReport } from './insights-report.ts';
import { reportToCsv } from './insights-report.ts';
import type { ReportFontFiles } from './report-pdf.ts';
import { exportFileName, reportMime, type ReportFormat } from './report-formats.ts';

export interface ReportFile {
  name: string;
  mime: string;
  /** CSV as text (UTF-8 wherever it is written), the others as bytes. */
  content: string | Uint8Array;
}

/**
 * One report in one format, named after the tenant and period. The writers are loaded on
 * demand (ExcelJS and pdf-lib are large), so a console that never exports never loads them.
 */
export async function reportFile(report: InsightsReport, format: ReportFormat, fonts: () => Promise<ReportFontFiles>): Promise<ReportFile> {
  const name = exportFileName([report.meta.tenant, report.meta.kind ?? 'insights', report.meta.from, report.meta.to], format);
  switch (format) {
    case 'csv':
      return { name, mime: reportMime.csv, content: reportToCsv(report) };
    case 'xlsx': {
      const { reportToXlsx } = await import('./report-xlsx.ts');
      return { name, mime: reportMime.xlsx, content: await reportToXlsx(report) };
    }
    case 'pdf': {
      const { reportToPdf } = await import('./report-pdf.ts');
      return { name, mime: reportMime.pdf, content: await reportToPdf(report, await fonts()) };
    }
  }
}
