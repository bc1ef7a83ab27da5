import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { PDFPage as Page, rgb } from 'pdf-lib';
import { KnownTexts, PageContents, type KnownText } from './pdf-content.ts';

/** A4 landscape in PDF points: wide enough for a vehicle table's 14 columns at 7 pt. */
export const pageSize: [number, number] = [841.89, 595.28];
export const margin = 36;
/** Space the running header takes at the top of every page, and the footer at the bottom. */
const headerHeight = 38;
const footerHeight = 18;

export const ink = rgb(0.13, 0.15, 0.18);
export const muted = rgb(0.42, 0.45, 0.5);
export const rule = rgb(0.8, 0.82, 0.85);
export const stripe = rgb(0.955, 0.96, 0.97);
export const accent = rgb(0.16, 0.42, 0.75);
export const second = rgb(0.85, 0.5, 0.12);

export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * Pages in reading order with a cursor: `ensure(height)` starts a new page when the next block
 * does not fit, so charts and table rows never straddle a page break. The running header (title,
 * period, selection) is drawn on each new page; page numbers are added once the count is known.
 * Text, rows, rules and stripes go through PageContents (written as operator text, compressed
 * at `finish`); charts still draw with pdf-lib's page API.
 */
export class PdfFlow {
  readonly fonts: PdfFonts;
  readonly width = pageSize[0] - 2 * margin;
  readonly #doc: PDFDocument;
  readonly #header: (page: PDFPage) => void;
  readonly #contents: PageContents;
  /** Widths at 1 pt, glyphs and the last `fit` per font and text (shared with the page contents): cells repeat. */
  readonly #known = new KnownTexts();
  /**
   * The pages in order, put into the document's page tree only at `finish`: pdf-lib's `addPage`
   * walks every page already in the tree to find the end (a quadratic second for a 2,000-page
   * report), whereas inserting them last to first at the front finds its place at once.
   */
  readonly #pages: PDFPage[] = [];
  #page: PDFPage | null = null;
  #y = 0;

  constructor(doc: PDFDocument, fonts: PdfFonts, header: (page: PDFPage, flow: PdfFlow) => void) {
    this.#doc = doc;
    this.#contents = new PageContents(doc, this.#known);
    this.fonts = fonts;
    this.#header = (page) => header(page, this);
  }

  get page(): PDFPage {
    return this.#page ?? this.newPage();
  }

  /** The cursor: the top of the next block, in PDF coordinates (y grows upwards). */
  get y(): number {
    if (!this.#page) this.newPage();
    return this.#y;
  }

  /** What is left above the footer on this page. */
  get room(): number {
    return this.y - (margin + footerHeight);
  }

  newPage(): PDFPage {
    this.#page = Page.create(this.#doc);
    this.#page.setSize(...pageSize);
    this.#pages.push(this.#page);
    this.#header(this.#page);
    this.#y = pageSize[1] - margin - headerHeight;
    return this.#page;
  }

  /** Makes room for a block of `height`; returns true when that took a new page. */
  ensure(height: number): boolean {
    if (this.#page && this.room >= height) return false;
    this.newPage();
    return true;
  }

  /** Moves the cursor down past a block just drawn. */
  advance(height: number): void {
    this.#y -= height;
  }

  text(text: string, x: number, y: number, size: number, options: { bold?: boolean; color?: Color; page?: PDFPage } = {}): void {
    this.#contents.texts(options.page ?? this.page, [{ text, x, y }], options.bold ? this.fonts.bold : this.fonts.regular, size, options.color ?? ink);
  }

  /** Texts on one baseline in the regular font and ink, as one text object: a table row (`known`: from `measure`). */
  row(items: readonly { text: string; x: number; known?: KnownText }[], y: number, size: number): void {
    this.#contents.texts(this.page, items, this.fonts.regular, size, ink, y);
  }

  /** A filled rectangle (a row's stripe, a figure's box), outlined when a border is given. */
  rect(x: number, y: number, width: number, height: number, color: Color, border?: { color: Color; width: number }, page: PDFPage = this.page): void {
    this.#contents.rect(page, x, y, width, height, color, border);
  }

  line(start: { x: number; y: number }, end: { x: number; y: number }, thickness: number, color: Color, page: PDFPage = this.page): void {
    this.#contents.line(page, start.x, start.y, end.x, end.y, thickness, color);
  }

  widthOf(text: string, size: number, bold = false): number {
    return this.measure(text, bold).width * size;
  }

  /** The text's entry (width at 1 pt; glyphs once drawn): a table cell measures once and hands it to `row`. */
  measure(text: string, bold = false): KnownText & { width: number } {
    return this.#known.measured(bold ? this.fonts.bold : this.fonts.regular, text);
  }

  /** `text` shortened with an ellipsis to fit `width`. */
  fit(text: string, width: number, size: number, bold = false): string {
    const entry = this.measure(text, bold);
    if (entry.width * size <= width) return text;
    // Kept on the text's entry (a column shortens its long texts to the same width again and
    // again): building a key string per cell cost more than the fit itself (decision 0465).
    const known = entry.fitted;
    if (known && known.width === width && known.size === size) return known.text;
    // The longest start that fits with the ellipsis. Widths grow with the length, so starting from
    // the proportional guess and stepping finds it in a measurement or three (a binary search took six).
    const fits = (n: number) => this.widthOf(`${text.slice(0, n)}…`, size, bold) <= width;
    let n = Math.min(text.length - 1, Math.floor((text.length * width) / (entry.width * size)));
    if (fits(n)) while (n + 1 < text.length && fits(n + 1)) n += 1;
    else while (n > 0 && !fits(--n));
    const fitted = `${text.slice(0, n)}…`;
    entry.fitted = { width, size, text: fitted };
    return fitted;
  }

  /** Words of `text` broken into lines of at most `width` (a word longer than a line is shortened). */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (this.widthOf(next, size, bold) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    return lines.map((l) => this.fit(l, width, size, bold));
  }

  /** "Page n of N" at the foot of every page, once all pages exist. */
  numberPages(): void {
    const pages = this.#pages;
    pages.forEach((page, i) => {
      const label = `Page ${i + 1} of ${pages.length}`;
      this.text(label, pageSize[0] - margin - this.widthOf(label, 8), margin, 8, { color: muted, page });
    });
  }

  /** Writes the pages' text and rules into the document and the pages into its page tree; call once, after the last drawing. */
  async finish(): Promise<void> {
    await this.#contents.finish();
    for (const page of [...this.#pages].reverse()) this.#doc.insertPage(0, page);
  }
}
