import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { InsightsReport } from '../../contract/reports/insights-report.ts';
import { niceStep } from '../../contract/reports/pdf-chart.ts';
import { literalOf, streamBytes } from '../../contract/reports/pdf-content.ts';
import { reportFontkit } from '../../contract/reports/pdf-fonts.ts';
import { pdfCell } from '../../contract/reports/pdf-table.ts';
import { reportToPdf } from '../../contract/reports/report-pdf.ts';
import { pdfText } from '../test/pdf-text.ts';
import { prepareReportPdf, reportFonts } from './report-fonts.ts';

const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const report: InsightsReport = {
  title: 'Göteborgs Åkeri AB — fleet insights 2026-11-01 to 2026-11-30',
  subtitle: 'All vehicles. Days in Europe/Stockholm; compared with 2026-10-02 to 2026-10-31.',
  meta: { tenant: 'Göteborgs Åkeri AB', from: '2026-11-01', to: '2026-11-30', selection: 'All vehicles' },
  headline: [{ label: 'Distance', value: '12,345 km', change: '+4 %' }],
  charts: [{ title: 'Distance per day', unit: 'km', days, series: [{ label: 'Distance', kind: 'bars', values: days.map((_, i) => 100 + i) }] }],
  tables: [{ name: 'Vehicles', columns: ['Vehicle', 'Distance (km)'], rows: Array.from({ length: 400 }, (_, i) => [`Lastbil ${i} Västra Frölunda`, i * 1.5]) }],
};

describe('reportToPdf', () => {
  it('writes a paginated PDF that a PDF reader reads back: Swedish letters, every row, the header and page numbers on each page', async () => {
    const bytes = await reportToPdf(report, await reportFonts(), new Date('2026-12-01T06:00:00Z'));
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(doc.getTitle()).toBe(report.title);
    const text = await pdfText(bytes);
    const pageTexts = text.split('\f').filter((t) => t.trim() !== '');
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      expect(page).toContain('Göteborgs Åkeri AB — Fleet insights');
      expect(page).toContain('Period 2026-11-01 – 2026-11-30 · Selection: All vehicles');
      expect(page).toContain(`Page ${i + 1} of ${pages}`);
    });
    expect(text).toContain('12,345 km');
    expect(text).toContain('Lastbil 0 Västra Frölunda');
    expect(text).toContain('Lastbil 399 Västra Frölunda');
    expect(text).toContain('598.5');
    expect(pageTexts[1]).toContain('Vehicles (continued)');
  });

  it('parses each font once per process, yet every PDF embeds and reads back its own text', async () => {
    await prepareReportPdf();
    const fonts = await reportFonts();
    expect(reportFontkit.create(fonts.regular)).toBe(reportFontkit.create(fonts.regular));
    const other: InsightsReport = { ...report, meta: { ...report.meta, tenant: 'Zürich Quayside Ltd' }, tables: [{ name: 'Drivers', columns: ['Driver', 'Score'], rows: [['Øyvind Kjærvik', 97.5]] }] };
    const [first, second] = [await reportToPdf(report, fonts), await reportToPdf(other, fonts)];
    const [firstText, secondText] = [await pdfText(first), await pdfText(second)];
    expect(secondText).toContain('Zürich Quayside Ltd — Fleet insights');
    expect(secondText).toContain('Øyvind Kjærvik');
    expect(secondText).not.toContain('Västra Frölunda');
    expect(firstText).toContain('Lastbil 399 Västra Frölunda');
    // Each document's subset holds only its own glyphs: the short report's file stays small.
    expect(second.length).toBeLessThan(first.length / 2);
  });

  it('shortens a cell too wide for its column with an ellipsis, and draws a cell seen before as the first time', async () => {
    // A cell is measured once and its entry carries its glyphs into the page (decision 0465):
    // the shortened text is the one drawn, and a repeated cell is drawn again in full.
    const long = `Lastbil ${'Västra Frölunda '.repeat(20)}slutet`;
    const table = { name: 'Vehicles', columns: ['Vehicle', 'Distance (km)', 'Note'], rows: [[long, 1.5, 'kort'], ['Lastbil 2', 1.5, 'kort'], [long, 2.25, 'kort']] };
    const text = await pdfText(await reportToPdf({ ...report, charts: [], tables: [table] }, await reportFonts()));
    expect(text.match(/Lastbil Västra Frölunda Västra[^\n]*…/g)).toHaveLength(2);
    expect(text).not.toContain('slutet');
    expect(text.match(/kort/g)).toHaveLength(3);
    expect(text.match(/ 1\.5\b/g)).toHaveLength(2);
    expect(text).toContain('2.25');
  });

  it('writes glyphs as literal strings that a reader reads back, whichever glyph ids the subset gives them', async () => {
    // Subset glyph ids follow the order of first use, so over 100 distinct characters give ids
    // past 100: among them 10, 13, 40, 41 and 92, whose bytes (newline, return, parentheses, backslash)
    // must be escaped in a literal string (decision 0475). A wrong escape garbles what follows it.
    const fonts = await reportFonts();
    // Letters and digits of the font's Latin blocks (f, i and l left out: their ligatures are one glyph).
    const alphabet = reportFontkit.create(fonts.regular).characterSet.filter((c) => c < 0x250 && /[\p{L}\p{N}]/u.test(String.fromCodePoint(c)))
      .map((c) => String.fromCodePoint(c)).filter((c) => !'fil'.includes(c)).join('');
    const words = Array.from({ length: Math.ceil(alphabet.length / 8) }, (_, i) => [...alphabet].slice(i * 8, i * 8 + 8).join(''));
    expect(new Set(alphabet).size).toBeGreaterThan(100);
    const table = { name: 'Glyphs', columns: ['Word', 'Length'], rows: words.map((w) => [w, w.length]) };
    const text = await pdfText(await reportToPdf({ ...report, headline: [], charts: [], tables: [table] }, fonts));
    for (const word of words) expect(text).toContain(word);
    expect(text).toContain('Page 1 of 1');
  });

  it('escapes the bytes a literal string reserves, and only those', () => {
    expect(literalOf('<0001000A000D0028002900410A5C>')).toBe('(\x00\x01\x00\\n\x00\\r\x00\\(\x00\\)\x00A\\n\\\\)');
    expect(literalOf('<>')).toBe('()');
  });

  it('writes a page\'s operators as one byte a character, a line each, inside q … Q', () => {
    const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
    expect(text(streamBytes(['BT', '(\x00\xe9) Tj', 'ET']))).toBe('q\nBT\n(\x00\xe9) Tj\nET\nQ\n');
    expect(text(streamBytes([]))).toBe('q\n\nQ\n');
  });

  it('steps value axes by 1, 2 or 5 × 10ⁿ and writes cells as a reader expects', () => {
    expect(niceStep(130)).toBe(50);
    expect(niceStep(7.3)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(pdfCell(null)).toBe('–');
    expect(pdfCell(12345.678)).toBe('12,345.68');
    expect(pdfCell('Lastbil 1')).toBe('Lastbil 1');
  });
});
