/**
 * Generates the map's SDF glyphs at build time: Noto Sans (SIL OFL, from @fontsource/noto-sans)
 * is loaded into headless Chromium, @mapbox/tiny-sdf rasterises every codepoint of the ranges
 * below into signed-distance bitmaps, and glyph-pbf.ts writes MapLibre's glyph files. Nothing is
 * fetched at run time; Chromium is needed only to regenerate.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { encodeGlyphRange, glyphBuffer, type SdfGlyph } from './glyph-pbf.ts';

const modules = join(import.meta.dirname, '../../../node_modules');
/** Basic Latin + Latin-1 (0–255), Latin Extended-A/B (256–511), punctuation (8192–8447). */
export const glyphRanges = [0, 256, 8192];
export const fontstacks = [
  { name: 'Noto Sans Regular', weight: 400 },
  { name: 'Noto Sans Bold', weight: 700 },
];

/** Codepoints worth drawing: printable, and inside the font's subsets. */
function codepoints(start: number): number[] {
  const out: number[] = [];
  for (let c = start; c < start + 256; c++) {
    if (c < 32 || (c >= 127 && c < 160)) continue;
    if (start === 8192 && !((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || c === 0x20ac)) continue;
    out.push(c);
  }
  return out;
}

async function fontFaces(weight: number): Promise<{ base64: string; unicodeRange: string }[]> {
  const css = await readFile(join(modules, `@fontsource/noto-sans/${weight}.css`), 'utf8');
  const faces: { base64: string; unicodeRange: string }[] = [];
  for (const subset of ['latin', 'latin-ext']) {
    const block = css.split('@font-face').find((b) => b.includes(`noto-sans-${subset}-${weight}-normal.woff2`));
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block ?? '')?.[1];
    if (!unicodeRange) throw new Error(`No ${subset} face for weight ${weight} in @fontsource/noto-sans`);
    const file = await readFile(join(modules, `@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff2`));
    faces.push({ base64: file.toString('base64'), unicodeRange });
  }
  return faces;
}

export async function generateGlyphs(outDir: string): Promise<{ files: number; bytes: number }> {
  const tinySdf = (await readFile(join(modules, '@mapbox/tiny-sdf/index.js'), 'utf8')).replace('export default class TinySDF', 'globalThis.TinySDF = class TinySDF');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  let files = 0;
  let bytes = 0;
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: tinySdf });
    for (const stack of fontstacks) {
      const faces = await fontFaces(stack.weight);
      for (const start of glyphRanges) {
        const drawn = await page.evaluate(
          async ({ faces, weight, ids, buffer }) => {
            // This runs in Chromium; the build's tsconfig has no DOM types, so name what is used.
            type Face = { load(): Promise<Face> };
            const page = globalThis as unknown as { FontFace: new (family: string, data: Uint8Array, descriptors: object) => Face; document: { fonts: { add(face: Face): void } } };
            for (const face of faces) {
              const bytes = Uint8Array.from(atob(face.base64), (c) => c.charCodeAt(0));
              const font = new page.FontFace('GlyphBuild', bytes, { weight: String(weight), unicodeRange: face.unicodeRange });
              page.document.fonts.add(await font.load());
            }
            type Sdf = { draw(c: string): { data: Uint8ClampedArray; glyphWidth: number; glyphHeight: number; glyphTop: number; glyphLeft: number; glyphAdvance: number } };
            const TinySDF = (globalThis as unknown as { TinySDF: new (o: object) => Sdf }).TinySDF;
            const sdf = new TinySDF({ fontSize: 24, buffer, radius: 8, cutoff: 0.25, fontFamily: 'GlyphBuild', fontWeight: String(weight) });
            return ids.map((id) => {
              const g = sdf.draw(String.fromCodePoint(id));
              return { id, bitmap: Array.from(g.data), width: g.glyphWidth, height: g.glyphHeight, top: g.glyphTop, left: g.glyphLeft, advance: g.glyphAdvance };
            });
          },
          { faces, weight: stack.weight, ids: codepoints(start), buffer: glyphBuffer },
        );
        // MapLibre places PBF glyphs from an origin above the em box, not the baseline: its own
        // client-side glyphs subtract 27.5 px at this size to line up with server glyphs.
        const glyphs: SdfGlyph[] = drawn.map((g) => ({
          id: g.id,
          bitmap: g.width && g.height ? Uint8Array.from(g.bitmap) : new Uint8Array(0),
          width: g.width,
          height: g.height,
          left: g.left,
          top: g.top - 27,
          advance: Math.round(g.advance),
        }));
        const data = encodeGlyphRange(stack.name, start, glyphs);
        await mkdir(join(outDir, stack.name), { recursive: true });
        await writeFile(join(outDir, stack.name, `${start}-${start + 255}.pbf`), data);
        files++;
        bytes += data.length;
      }
    }
  } finally {
    await browser.close();
  }
  return { files, bytes };
}
