import type { Color, PDFDocument, PDFFont, PDFName, PDFOperator, PDFPage } from 'pdf-lib';
import { beginText, endText, popGraphicsState, pushGraphicsState, rgb, setFillingRgbColor, setFontAndSize, setTextMatrix, showText } from 'pdf-lib';

/** A4 landscape in PDF points: wide enough for a vehicle table's 14 columns at 7 pt. */
export const pageSize: [number, number] = [841.89, 595.28];
export const margin = 36;
/** Space the running header takes at the top of every page, and the footer at the bottom. */
const headerHeight = 38;
const footerHeight = 18;

const inkRgb = [0.13, 0.15, 0.18] as const;
export const ink = rgb(...inkRgb);
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
 */
export class PdfFlow {
  readonly fonts: PdfFonts;
  readonly width = pageSize[0] - 2 * margin;
  readonly #doc: PDFDocument;
  readonly #header: (page: PDFPage) => void;
  readonly #fontKeys = new WeakMap<PDFPage, PDFName>();
  #page: PDFPage | null = null;
  #y = 0;

  constructor(doc: PDFDocument, fonts: PdfFonts, header: (page: PDFPage, flow: PdfFlow) => void) {
    this.#doc = doc;
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
    this.#page = this.#doc.addPage(pageSize);
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
    (options.page ?? this.page).drawText(text, { x, y, size, font: options.bold ? this.fonts.bold : this.fonts.regular, color: options.color ?? ink });
  }

  /**
   * Texts on one baseline in the regular font and ink, as one text object: a table row. One
   * drawText per cell writes ten operators and a graphics state each; for a report of 2,000 rows
   * that garbage was most of the time spent.
   */
  row(items: readonly { text: string; x: number }[], y: number, size: number): void {
    const page = this.page;
    const font = this.fonts.regular;
    let key = this.#fontKeys.get(page);
    if (!key) this.#fontKeys.set(page, (key = page.node.newFontDictionary(font.name, font.ref)));
    const operators: PDFOperator[] = [pushGraphicsState(), setFillingRgbColor(...inkRgb), beginText(), setFontAndSize(key, size)];
    for (const item of items) operators.push(setTextMatrix(1, 0, 0, 1, item.x, y), showText(font.encodeText(item.text)));
    operators.push(endText(), popGraphicsState());
    page.pushOperators(...operators);
  }

  widthOf(text: string, size: number, bold = false): number {
    return (bold ? this.fonts.bold : this.fonts.regular).widthOfTextAtSize(text, size);
  }

  /** `text` shortened with an ellipsis to fit `width`. */
  fit(text: string, width: number, size: number, bold = false): string {
    if (this.widthOf(text, size, bold) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.widthOf(`${text.slice(0, mid)}…`, size, bold) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
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
    const pages = this.#doc.getPages();
    pages.forEach((page, i) => {
      const label = `Page ${i + 1} of ${pages.length}`;
      this.text(label, pageSize[0] - margin - this.widthOf(label, 8), margin, 8, { color: muted, page });
    });
  }
}
