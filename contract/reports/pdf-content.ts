import type { Color, PDFDocument, PDFFont, PDFName, PDFPage, PDFRawStream } from 'pdf-lib';

/**
 * A page's text, rows, rules and stripes written as PDF content operators straight into one
 * string per page, then compressed in one go when the document is complete. pdf-lib's drawText
 * makes about ten operator objects per text (and a graphics state), serialises every number
 * through its formatter and deflates each page with pako's JavaScript zlib: for a 2,335-page
 * trips report that garbage and that deflate were most of what remained once shaping was gone
 * (decision 0360). The operators are the ones pdf-lib writes, so the page reads the same, except
 * that a text object's texts after the first are placed relative to the one before (`Td`, not a
 * whole `Tm` matrix each) and positions are written to a thousandth of a point (0.35 µm), which
 * leaves about 40 % less content to build and deflate (decision 0390), and glyphs are written as
 * literal strings, not hex: half the characters again for the same bytes (decision 0475).
 */
export class PageContents {
  readonly #doc: PDFDocument;
  readonly #pages = new Map<PDFPage, string[]>();
  readonly #fontKeys = new Map<PDFPage, Map<PDFFont, PDFName>>();
  /** Each text's glyphs (and width), per font: a month's report repeats its stamps, names and addresses thousands of times. */
  readonly #known: KnownTexts;

  constructor(doc: PDFDocument, known: KnownTexts = new KnownTexts()) {
    this.#doc = doc;
    this.#known = known;
  }

  #of(page: PDFPage): string[] {
    let parts = this.#pages.get(page);
    if (!parts) this.#pages.set(page, (parts = []));
    return parts;
  }

  #fontKey(page: PDFPage, font: PDFFont): string {
    let keys = this.#fontKeys.get(page);
    if (!keys) this.#fontKeys.set(page, (keys = new Map()));
    let key = keys.get(font);
    if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
    return key.toString();
  }

  /**
   * Texts in one font, size and colour, each at its own position: one text object. An item may
   * bring its `known` entry (a table cell measured just before), which saves looking it up again.
   */
  texts(page: PDFPage, items: readonly { text: string; x: number; y?: number; known?: KnownText }[], font: PDFFont, size: number, color: Color, baseline = 0): void {
    // The operators go straight into the page's parts (joined by newlines only as bytes, at
    // `finish`): no string of the text object, the page or the stream is ever built.
    const ops = this.#of(page);
    ops.push(`BT ${this.#fontKey(page, font)} ${num(size)} Tf ${fill(color)}`);
    const known = this.#known.of(font);
    // Td moves from the previous text's start (BT starts at the origin). In whole thousandths, so
    // the moves add up to each text's own rounded position exactly.
    let x = 0;
    let y = 0;
    for (const item of items) {
      const ix = thousandths(item.x);
      const iy = thousandths(item.y ?? baseline);
      const entry = item.known ?? known.get(item.text) ?? knownEntry(known, item.text);
      // encodeText also adds the glyphs to the document's subset of the font: only for texts drawn
      // (a width measured for a text never drawn must not add glyphs), and once is enough.
      const shown = (entry.shown ??= literalOf(font.encodeText(item.text).toString()));
      ops.push(`${(ix - x) / 1000} ${(iy - y) / 1000} Td ${shown} Tj`);
      x = ix;
      y = iy;
    }
    ops.push('ET');
  }

  /** A rectangle filled with `color`, and outlined when a border is given. */
  rect(page: PDFPage, x: number, y: number, width: number, height: number, color: Color, border?: { color: Color; width: number }): void {
    const shape = `${num(x)} ${num(y)} ${num(width)} ${num(height)} re`;
    this.#of(page).push(border ? `${fill(color)} ${stroke(border.color)} ${num(border.width)} w ${shape} B` : `${fill(color)} ${shape} f`);
  }

  line(page: PDFPage, x1: number, y1: number, x2: number, y2: number, thickness: number, color: Color): void {
    this.#of(page).push(`${stroke(color)} ${num(thickness)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  /**
   * Adds each page's operators as a compressed content stream after whatever pdf-lib drew on it
   * (charts), inside its own graphics state. Deflates with the runtime's own zlib where it has one
   * (CompressionStream: Node and Chromium alike), else with pdf-lib's.
   */
  async finish(): Promise<void> {
    const context = this.#doc.context;
    const pages = [...this.#pages];
    this.#pages.clear();
    const deflate = nativeDeflate();
    const streams: PDFRawStream[] = [];
    // A few at a time: each compressor holds a window and buffers of its own.
    for (let at = 0; at < pages.length; at += 4) {
      streams.push(...await Promise.all(pages.slice(at, at + 4).map(async ([, parts]) => {
        const bytes = streamBytes(parts);
        return deflate ? context.stream(await deflate(bytes), { Filter: 'FlateDecode' }) : context.flateStream(bytes);
      })));
    }
    pages.forEach(([page], i) => {
      const stream = streams[i];
      if (stream) page.node.addContentStream(context.register(stream));
    });
  }
}

/** What is known of a text in one font: its width at 1 pt once measured, its glyphs as a PDF string once drawn. */
export interface KnownText {
  width?: number;
  shown?: string;
  /** The last `fit` of this text: the width and size it was shortened for, and the result. */
  fitted?: { width: number; size: number; text: string };
}

function knownEntry(known: Map<string, KnownText>, text: string): KnownText {
  const entry: KnownText = {};
  known.set(text, entry);
  return entry;
}

/**
 * One entry per font and text for both the width and the glyphs: a table cell was looked up
 * three times by its string (fit's width, the right alignment's width, the glyphs) in maps of
 * ~400,000 entries, 11 % of a month's trips PDF (decision 0465); now once.
 */
export class KnownTexts {
  readonly #byFont = new Map<PDFFont, Map<string, KnownText>>();

  of(font: PDFFont): Map<string, KnownText> {
    let known = this.#byFont.get(font);
    if (!known) this.#byFont.set(font, (known = new Map()));
    return known;
  }

  /** The text's entry with its width at 1 pt measured. */
  measured(font: PDFFont, text: string): KnownText & { width: number } {
    const known = this.of(font);
    const entry = known.get(text) ?? knownEntry(known, text);
    entry.width ??= font.widthOfTextAtSize(text, 1);
    return entry as KnownText & { width: number };
  }
}

/** A coordinate in whole thousandths of a point ("-0" becomes 0). */
const thousandths = (n: number) => Math.round(n * 1000) + 0;

/**
 * Numbers as PDF content writes them: to a thousandth (finer than any device draws; the float
 * noise of 132.13400000000001 was a sixth of the bytes), no exponent, no "-0".
 */
function num(n: number): string {
  return String(thousandths(n) / 1000);
}

function colorArgs(c: Color): string {
  if (c.type === 'RGB') return `${num(c.red)} ${num(c.green)} ${num(c.blue)}`;
  if (c.type === 'Grayscale') return num(c.gray);
  return `${num(c.cyan)} ${num(c.magenta)} ${num(c.yellow)} ${num(c.key)}`;
}
const fill = (c: Color) => `${colorArgs(c)} ${c.type === 'RGB' ? 'rg' : c.type === 'Grayscale' ? 'g' : 'k'}`;
const stroke = (c: Color) => `${colorArgs(c)} ${c.type === 'RGB' ? 'RG' : c.type === 'Grayscale' ? 'G' : 'K'}`;

/**
 * A text's glyph ids (pdf-lib's hex string, two bytes a glyph) as a PDF literal string: the same
 * bytes in half the characters, which is half of a table page's content to build, copy and
 * deflate (decision 0475). The bytes stay as they are (a content stream is binary) except the
 * three the syntax reserves and the two line ends, which a reader would turn into a newline.
 */
export function literalOf(hex: string): string {
  // Built from char codes in one go: a string grown a character at a time is a chain of pieces,
  // walked again every time the text is drawn.
  const codes: number[] = [0x28];
  for (let i = 1; i + 1 < hex.length - 1; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    const escaped = escapes.get(byte);
    if (escaped === undefined) codes.push(byte);
    else codes.push(0x5c, escaped);
  }
  codes.push(0x29);
  return String.fromCharCode(...codes);
}

/** The bytes a literal string escapes, and the letter after the backslash: ( ) \\ newline, return. */
const escapes = new Map([[0x28, 0x28], [0x29, 0x29], [0x5c, 0x5c], [0x0a, 0x6e], [0x0d, 0x72]]);

/**
 * A page's operators as the bytes of its content stream, inside its own graphics state (`q` …
 * `Q`), one per line. Every character is below 256 (glyphs travel as two bytes each), so each is
 * one byte; written from the parts directly, as joining them first copied a month's 48 MB of
 * content twice more.
 */
export function streamBytes(parts: readonly string[]): Uint8Array {
  let length = 2 + Math.max(0, parts.length - 1) + 3;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  bytes[0] = 0x71; // q
  bytes[1] = 0x0a;
  let at = 2;
  for (let k = 0; k < parts.length; k++) {
    if (k > 0) bytes[at++] = 0x0a;
    const part = parts[k] ?? '';
    for (let i = 0; i < part.length; i++) bytes[at++] = part.charCodeAt(i);
  }
  bytes[at] = 0x0a;
  bytes[at + 1] = 0x51; // Q
  bytes[at + 2] = 0x0a;
  return bytes;
}

/** The web platform's CompressionStream, as far as it is used here (contract/ has no DOM or Node types). */
interface ByteReader { read(): Promise<{ done: boolean; value?: Uint8Array }> }
interface ByteTransform {
  readable: { getReader(): ByteReader };
  writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
}
type CompressionStreamClass = new (format: 'deflate') => ByteTransform;

/** zlib-wrapped deflate (what FlateDecode reads) through the runtime's native zlib, or null where there is none. */
function nativeDeflate(): ((bytes: Uint8Array) => Promise<Uint8Array>) | null {
  const Compression = (globalThis as { CompressionStream?: CompressionStreamClass }).CompressionStream;
  if (!Compression) return null;
  return async (bytes) => {
    const stream = new Compression('deflate');
    const writer = stream.writable.getWriter();
    const written = writer.write(bytes).then(() => writer.close());
    const reader = stream.readable.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) if (r.value) chunks.push(r.value);
    await written;
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  };
}
