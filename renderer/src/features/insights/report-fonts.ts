import type { ReportFontFiles } from '../../../../contract/reports/report-pdf.ts';
// The map's label font (resources/basemap, SIL OFL) in the two weights a PDF report uses; Vite
// copies the files into the bundle and gives their addresses. Latin subset: å, ä, ö and the dashes.
import boldUrl from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff?url';
import regularUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?url';

let loading: Promise<ReportFontFiles> | null = null;

async function bytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The report font ${url} could not be loaded (${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The PDF report's font files from the console's own bundle (no network), read once per session. */
export function reportFonts(): Promise<ReportFontFiles> {
  loading ??= Promise.all([bytes(regularUrl), bytes(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
  // A failed read is tried again on the next export.
  loading.catch(() => (loading = null));
  return loading;
}
