import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';
import { directGlyphs } from './pdf-direct-glyphs.ts';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type Font = ReturnType<Fontkit['create']>;
type Shaped = ReturnType<Font['layout']>;

/** Shaped strings kept per font; a report has a few thousand distinct ones, a long-running server more. */
const maxShaped = 50_000;

/** Parsed font files, by the bytes' identity: each runtime passes the same arrays every time. */
const parsed = new WeakMap<Uint8Array, Font>();

/**
 * fontkit for `PDFDocument.registerFontkit`, parsing each font file once per runtime instead of
 * once per document. pdf-lib 1.17.1 calls `create` for every `embedFont`; the parsed font then
 * lives as long as its bytes, and with it everything fontkit works out lazily — its tables, its
 * glyphs, its OpenType shaper — so the second report does not pay for them again. Each document
 * still makes its own subset (`createSubset`), so fonts shared this way never mix documents' glyphs.
 */
export const reportFontkit: Fontkit = {
  create(bytes, postscriptName) {
    let font = parsed.get(bytes);
    if (!font) {
      font = rememberShaping(fontkit.create(bytes, postscriptName));
      parsed.set(bytes, font);
    }
    return font;
  },
};

/**
 * pdf-lib has fontkit shape a string on every width measurement and every drawText. Most report
 * strings (Latin, Swedish å ä ö, digits) come out of shaping as the font's character map made
 * them, so those skip the shaper (pdf-direct-glyphs.ts): a month's trips PDF for 1,000 vehicles
 * has some 400,000 distinct strings, and shaping them was most of its minute. The others ("fi",
 * combining marks, letters the font lacks) are shaped, and the result kept per string and
 * features (pdf-lib only reads it) for the life of the parsed font.
 */
function rememberShaping(font: Font): Font {
  const layout = font.layout.bind(font);
  const direct = directGlyphs(font);
  const kept = new Map<string, Shaped>();
  font.layout = (text, features) => {
    if (features === undefined) {
      const glyphs = direct(text);
      // pdf-lib reads only the glyphs of a run (ids, advance widths, code points for ToUnicode).
      if (glyphs) return { glyphs } as unknown as Shaped;
    }
    const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`;
    let shaped = kept.get(key);
    if (shaped === undefined) {
      if (kept.size >= maxShaped) kept.clear();
      shaped = layout(text, features);
      kept.set(key, shaped);
    }
    return shaped;
  };
  return font;
}
