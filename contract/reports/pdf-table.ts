import type { ReportCell, ReportTable } from './insights-report.ts';
import { margin, muted, rule, stripe, type PdfFlow } from './pdf-flow.ts';

const size = 7;
const rowHeight = 11;
const headerLine = 8.5;

// One formatter for every cell: toLocaleString builds a new one per call, which cost seconds per report.
const cellNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/**
 * Numbers already written, up to a bound: a month's trips repeat their distances, durations and
 * speeds, and the same string each time is hashed once by the widths' and glyphs' maps (decision 0465).
 */
const writtenNumbers = new Map<number, string>();
const writtenNumbersMax = 100_000;

/** A cell as a PDF shows it: numbers grouped with up to two decimals, a dash where there is none. */
export function pdfCell(value: ReportCell): string {
  if (value === null) return '–';
  if (typeof value !== 'number') return value;
  // -0 and 0 are one key of a Map, but the formatter writes "-0".
  if (Object.is(value, -0)) return cellNumber.format(value);
  let text = writtenNumbers.get(value);
  if (text === undefined) {
    text = cellNumber.format(value);
    if (writtenNumbers.size < writtenNumbersMax) writtenNumbers.set(value, text);
  }
  return text;
}

/**
 * A table that flows over as many pages as it needs: its name, then the column titles (wrapped
 * to three lines) repeated at the top of every page it continues on, rows striped for reading
 * across, numbers right-aligned. The first column (a name) is as wide as its longest text allows.
 */
export function drawTable(flow: PdfFlow, table: ReportTable): void {
  const numeric = table.columns.map((_, c) => c > 0 && table.rows.some((r) => typeof r[c] === 'number'));
  const firstWidth = Math.min(170, Math.max(70, ...table.rows.slice(0, 2000).map((r) => flow.widthOf(pdfCell(r[0] ?? null), size) + 8), flow.widthOf(table.columns[0] ?? '', size, true) + 8));
  const otherWidth = table.columns.length > 1 ? Math.min(110, (flow.width - firstWidth) / (table.columns.length - 1)) : 0;
  const widths = table.columns.map((_, c) => (c === 0 ? firstWidth : otherWidth));
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const titles = table.columns.map((title, c) => flow.wrap(title, (widths[c] ?? 0) - 6, size, true).slice(0, 3));
  const headerHeight = Math.max(...titles.map((t) => t.length)) * headerLine + 5;

  const drawHeader = (continued: boolean) => {
    const name = continued ? `${table.name} (continued)` : table.name;
    flow.text(name, margin, flow.y - 11, 10.5, { bold: true });
    flow.advance(17);
    let x = margin;
    const top = flow.y;
    table.columns.forEach((_, c) => {
      const w = widths[c] ?? 0;
      (titles[c] ?? []).forEach((line, k) => {
        const tx = numeric[c] ? x + w - 3 - flow.widthOf(line, size, true) : x + 3;
        flow.text(line, tx, top - headerLine * (k + 1) + 1, size, { bold: true });
      });
      x += w;
    });
    flow.advance(headerHeight);
    flow.line({ x: margin, y: flow.y + 1.5 }, { x, y: flow.y + 1.5 }, 0.8, muted);
  };

  // The name, the titles and at least three rows stay together.
  flow.ensure(17 + headerHeight + 3 * rowHeight);
  drawHeader(false);
  if (table.rows.length === 0) {
    flow.text('No rows in this period.', margin + 3, flow.y - 8, size, { color: muted });
    flow.advance(rowHeight + 10);
    return;
  }
  table.rows.forEach((row, i) => {
    if (flow.ensure(rowHeight)) drawHeader(true);
    const top = flow.y;
    if (i % 2 === 1) flow.rect(margin, top - rowHeight, tableWidth, rowHeight, stripe);
    let x = margin;
    const cells = table.columns.map((_, c) => {
      const w = widths[c] ?? 0;
      // One lookup for a cell that fits (nearly all): its width places it, its entry carries the glyphs.
      const whole = pdfCell(row[c] ?? null);
      const measured = flow.measure(whole);
      const text = measured.width * size <= w - 6 ? whole : flow.fit(whole, w - 6, size);
      const known = text === whole ? measured : flow.measure(text);
      const cell = { text, x: numeric[c] ? x + w - 3 - known.width * size : x + 3, known };
      x += w;
      return cell;
    });
    flow.row(cells, top - rowHeight + 3, size);
    flow.advance(rowHeight);
  });
  flow.line({ x: margin, y: flow.y }, { x: margin + tableWidth, y: flow.y }, 0.4, rule);
  flow.advance(14);
}
