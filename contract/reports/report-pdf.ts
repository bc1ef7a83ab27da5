import { PDFDocument, type PDFPage } from 'pdf-lib';
import type { InsightsReport } from './insights-report.ts';
import { drawChart } from './pdf-chart.ts';
import { reportFontkit } from './pdf-fonts.ts';
import { PdfFlow, margin, muted, pageSize, rule, stripe } from './pdf-flow.ts';
import { drawTable } from './pdf-table.ts';

/**
 * The TrueType/WOFF files of the report's font (Noto Sans regular and bold, SIL OFL). The PDF
 * standard fonts only know WinAnsi, and a report names Swedish vehicles, drivers and depots;
 * each runtime loads the bytes its own way (the fleet cloud from node_modules, the console from
 * its bundle) and passes them in, so this module needs neither Node nor the DOM.
 */
export interface ReportFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

/**
 * The report as a paginated PDF (A4 landscape): on every page the tenant, period and selection
 * at the top and "Page n of N" at the foot; first the headline figures with their change, the
 * per-day charts drawn as vectors from the same series the tables list, then every table.
 * The console imports this module on first export (pdf-lib is large; most sessions never export).
 */
export async function reportToPdf(report: InsightsReport, fonts: ReportFontFiles, createdAt: Date = new Date()): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // The font files are parsed once per runtime and their shaped strings kept (pdf-fonts.ts).
  doc.registerFontkit(reportFontkit);
  // Subset: only the glyphs used, written as a TrueType font (the files may be WOFF).
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  doc.setTitle(report.title, { showInWindowTitleBar: true });
  doc.setSubject(report.subtitle);
  doc.setAuthor(report.meta.tenant);
  doc.setCreator('Fleet console');
  doc.setProducer('Fleet console');
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);

  const header = (page: PDFPage, flow: PdfFlow) => {
    const top = pageSize[1] - margin;
    flow.text(flow.fit(`${report.meta.tenant} — ${report.meta.name ?? 'Fleet insights'}`, flow.width, 13, true), margin, top - 12, 13, { bold: true, page });
    const line = `Period ${report.meta.from} – ${report.meta.to} · Selection: ${report.meta.selection}`;
    flow.text(flow.fit(line, flow.width, 8.5), margin, top - 25, 8.5, { color: muted, page });
    flow.line({ x: margin, y: top - 31 }, { x: pageSize[0] - margin, y: top - 31 }, 0.6, rule, page);
  };
  const flow = new PdfFlow(doc, { regular, bold }, header);

  // The subtitle says what the rows are (and whether the report was made offline): up to two lines.
  const subtitle = flow.wrap(report.subtitle, flow.width, 8.5).slice(0, 2);
  subtitle.forEach((line, i) => flow.text(line, margin, flow.y - 9 - i * 11, 8.5, { color: muted }));
  flow.advance(7 + subtitle.length * 11);
  drawHeadline(flow, report);
  if (report.charts.length > 0) {
    const chartHeight = 175;
    flow.ensure(chartHeight + 10);
    const gap = 18;
    const chartWidth = report.charts.length > 1 ? (flow.width - gap) / 2 : flow.width;
    report.charts.slice(0, 2).forEach((chart, i) => drawChart(flow, chart, margin + i * (chartWidth + gap), flow.y, chartWidth, chartHeight));
    flow.advance(chartHeight + 14);
  }
  for (const table of report.tables) drawTable(flow, table);
  flow.numberPages();
  await flow.finish();
  return doc.save();
}

/** The headline figures as boxes, four to a row: label, value, change against the previous period. */
function drawHeadline(flow: PdfFlow, report: InsightsReport): void {
  const perRow = 4;
  const gap = 8;
  const boxWidth = (flow.width - gap * (perRow - 1)) / perRow;
  const boxHeight = 42;
  for (let start = 0; start < report.headline.length; start += perRow) {
    flow.ensure(boxHeight + gap);
    const top = flow.y;
    report.headline.slice(start, start + perRow).forEach((kpi, k) => {
      const x = margin + k * (boxWidth + gap);
      flow.rect(x, top - boxHeight, boxWidth, boxHeight, stripe, { color: rule, width: 0.5 });
      flow.text(flow.fit(kpi.label, boxWidth - 12, 7.5), x + 6, top - 11, 7.5, { color: muted });
      flow.text(flow.fit(kpi.value, boxWidth - 12, 12.5, true), x + 6, top - 26, 12.5, { bold: true });
      const change = kpi.note ?? (kpi.change === null ? 'no earlier figures' : `${kpi.change} on the previous period`);
      flow.text(flow.fit(change, boxWidth - 12, 7), x + 6, top - 37, 7, { color: muted });
    });
    flow.advance(boxHeight + gap);
  }
  flow.advance(6);
}
