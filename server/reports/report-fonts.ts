import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ReportFontFiles } from '../../contract/reports/report-pdf.ts';

// The console's label font (SIL OFL, a runtime dependency of the fleet cloud for this reason).
const resolver = createRequire(import.meta.url);
const file = (weight: 400 | 700) => resolver.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`);

let loading: Promise<ReportFontFiles> | null = null;

/** The PDF report's font files, read once per process. */
export function reportFonts(): Promise<ReportFontFiles> {
  loading ??= Promise.all([readFile(file(400)), readFile(file(700))]).then(([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }));
  return loading;
}
