import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { directGlyphs } from '../../contract/reports/pdf-direct-glyphs.ts';
import { reportFonts } from './report-fonts.ts';

const files = await reportFonts();
const fonts = { regular: fontkit.create(files.regular), bold: fontkit.create(files.bold) };
const ids = (glyphs: readonly { id: number }[]) => glyphs.map((g) => g.id).join(' ');

describe.each(Object.entries(fonts))('directGlyphs (%s)', (_, font) => {
  const direct = directGlyphs(font);

  it('maps report strings without the shaper, to the glyphs the shaper gives', () => {
    for (const text of ['Lastbil 12 Västra Frölunda', '2026-11-03 07:00', '1,234.56', 'Åkeri ÄÖ åäö – … ·', 'Hisingsleden (E6.20), Göteborg', 'Page 3 – lane 2', 'Lastbil 7 @ Kungsgatan', 'Page 3 of 9', '5.5 km SE of Göteborg', '7 km E of Göteborg', 'of Ulf', '1 km N of Mölndal', 'if']) {
      const glyphs = direct(text);
      expect(glyphs, text).toBeDefined();
      expect(ids(glyphs ?? []), text).toBe(ids(font.layout(text).glyphs));
      expect(glyphs?.map((g) => g.codePoints), text).toEqual(font.layout(text).glyphs.map((g) => g.codePoints));
    }
  });

  it('leaves to the shaper what shaping changes: ligatures, combining marks, fractions, letters the font lacks', () => {
    for (const text of ['Office', 'fika', 'staff', 'off', 'Ulf fleet', 'soft\u00adhyphen', 'i\u0307', 'j\u0301', 'f\u0301i', '1\u20442', 'Łódź 中', '🚚']) {
      expect(direct(text), text).toBeUndefined();
    }
    // And the shaper does change the first ones, so leaving them is needed, not merely safe.
    expect(font.layout('fi').glyphs).toHaveLength(1);
    expect(font.layout('ff').glyphs).toHaveLength(1);
  });

  it('agrees with the shaper on every pair of the font\'s characters it maps directly', () => {
    const chars = font.characterSet.filter((c) => c < 0xd800).map((c) => String.fromCharCode(c));
    let checked = 0;
    for (const a of chars) {
      for (const b of chars) {
        const glyphs = direct(a + b);
        if (!glyphs) continue;
        checked += 1;
        if (ids(glyphs) !== ids(font.layout(a + b).glyphs)) expect(`${a}${b}: ${ids(glyphs)}`).toBe(`${a}${b}: ${ids(font.layout(a + b).glyphs)}`);
      }
    }
    expect(checked).toBeGreaterThan(40_000);
  });

  it('agrees with the shaper on every three lower-case letters, where ligatures of three live ("ffi", "ffl")', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzåäö'.split('');
    let direct3 = 0;
    for (const a of letters) {
      for (const b of letters) {
        for (const c of letters) {
          const glyphs = direct(a + b + c);
          if (!glyphs) continue;
          direct3 += 1;
          if (ids(glyphs) !== ids(font.layout(a + b + c).glyphs)) expect(`${a}${b}${c}: ${ids(glyphs)}`).toBe(`${a}${b}${c}: ${ids(font.layout(a + b + c).glyphs)}`);
        }
      }
    }
    expect(direct3).toBeGreaterThan(20_000);
  });
});
