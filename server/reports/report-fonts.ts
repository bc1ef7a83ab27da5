import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { InsightsReport } from '../../contract/reports/insights-report.ts';
import type { ReportFontFiles } from '../../contract/reports/report-pdf.ts';

// The console's label font (SIL OFL, a runtime dependency of the fleet cloud for this reason).
const resolver = createRequire(import.meta.url);
const file = (weight: 400 | 700) => resolver.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`);

let loading: Promise<ReportFontFiles> | null = null;

/** The PDF report's font files, read once per process (the same arrays every time: parsed fonts are kept by them). */
export function reportFonts(): Promise<ReportFontFiles> {
  loading ??= Promise.all([readFile(file(400)), readFile(file(700))]).then(([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }));
  return loading;
}

/** A report of every part the PDF writer draws (headline, chart, table), a few rows long. */
const sample: InsightsReport = {
  title: 'Fleet insights', subtitle: 'Prepared at start-up', meta: { tenant: 'Åkeri', from: '2026-01-01', to: '2026-01-02', selection: 'All vehicles' },
  headline: [{ label: 'Distance', value: '1,234.5 km', change: '−4 %' }],
  charts: [{ title: 'Distance per day', unit: 'km', days: ['2026-01-01', '2026-01-02'], series: [{ label: 'Distance', kind: 'bars', values: [12.5, 7] }] }],
  tables: [{ name: 'Vehicles', columns: ['Vehicle', 'Distance (km)'], rows: [['Lastbil 1', 1234.5], ['Lastbil 2', null]] }],
};

let preparing: Promise<void> | null = null;

/**
 * Loads the PDF writer, parses its fonts and writes a small report once, so that the first real
 * report of the process does not pay for loading pdf-lib and fontkit, parsing the fonts and
 * setting up fontkit's shaper (docs/decisions/0331-the-first-pdf-report-of-a-process.md). The
 * fleet cloud calls it in the background when it starts with report schedules.
 */
export function prepareReportPdf(): Promise<void> {
  preparing ??= (async () => {
    const [{ reportToPdf }, fonts] = await Promise.all([import('../../contract/reports/report-pdf.ts'), reportFonts()]);
    await reportToPdf(sample, fonts);
  })();
  return preparing;
}
