/**
 * Encodes SDF glyphs as MapLibre's glyph protobuf (one file per font stack and 256-codepoint
 * range): glyphs { stacks = 1 } → fontstack { name = 1, range = 2, glyphs = 3 } → glyph { id = 1,
 * bitmap = 2, width = 3, height = 4, left = 5 (sint32), top = 6 (sint32), advance = 7 }. The
 * bitmap carries a 3-pixel border around width × height.
 */
import { PbfWriter } from 'pbf';

export const glyphBuffer = 3;

export interface SdfGlyph {
  id: number;
  /** (width + 6) × (height + 6) distance values; empty for blank glyphs such as the space. */
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

export function encodeGlyphRange(fontstack: string, start: number, glyphs: SdfGlyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, () => {
    pbf.writeStringField(1, fontstack);
    pbf.writeStringField(2, `${start}-${start + 255}`);
    for (const glyph of glyphs) {
      pbf.writeMessage(3, () => {
        pbf.writeVarintField(1, glyph.id);
        if (glyph.bitmap.length) pbf.writeBytesField(2, glyph.bitmap);
        pbf.writeVarintField(3, glyph.width);
        pbf.writeVarintField(4, glyph.height);
        pbf.writeSVarintField(5, glyph.left);
        pbf.writeSVarintField(6, glyph.top);
        pbf.writeVarintField(7, glyph.advance);
      }, undefined);
    }
  }, undefined);
  return pbf.finish();
}
