import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type Font = ReturnType<Fontkit['create']>;
type Glyph = ReturnType<Font['glyphForCodePoint']>;

/**
 * The features fontkit's default shaper applies to every Latin string through GSUB (glyph
 * substitution), for the script's default language: pdf-lib asks for no others, and the fraction
 * features only around U+2044, which is therefore never direct. GPOS (kerning, marks) moves
 * glyphs, which pdf-lib ignores: it writes glyph ids and sums advance widths.
 */
const appliedFeatures = new Set(['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'calt', 'clig', 'liga', 'rclt']);
const fractionSlash = 0x2044;

/** The parts of fontkit's parsed GSUB table read here (fontkit names a subtable's format `version`). */
interface Coverage { version: number; glyphs?: number[]; rangeRecords?: { start: number; end: number }[] }
interface SubTable {
  version: number;
  coverage?: Coverage;
  backtrackCoverage?: Coverage[];
  inputCoverage?: Coverage[];
  lookaheadCoverage?: Coverage[];
  ligatureSets?: LigatureSet[] | { toArray(): LigatureSet[] };
}
type LigatureSet = { components: number[] }[];
interface Gsub {
  scriptList: { script: { defaultLangSys: { featureIndexes: number[] } | null } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { toArray(): { lookupType: number; subTables: SubTable[] }[] };
}

const glyphsOf = (c: Coverage): number[] =>
  c.glyphs ?? (c.rangeRecords ?? []).flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, k) => r.start + k));

/**
 * For each glyph, the substitution rules it takes part in, as (rule, coverage position) pairs. A
 * rule can change a string only if the string holds a glyph of every one of its coverages (a
 * ligature's first glyph; a chained context's backtrack, input and lookahead). Null when the
 * table holds something this reading does not know, so that every string is shaped.
 */
function substitutionRules(gsub: Gsub | undefined): Rules | null {
  const rules: number[] = [];
  const byGlyph = new Map<number, [number, number][]>();
  const ligatures = new Map<number, number[][]>();
  if (!gsub) return { rules, byGlyph, ligatures };
  const addRule = (positions: number[][]) => {
    const rule = rules.length;
    rules.push(positions.length);
    positions.forEach((glyphs, position) => {
      for (const glyph of glyphs) {
        const list = byGlyph.get(glyph) ?? [];
        if (list.length === 0) byGlyph.set(glyph, list);
        list.push([rule, position]);
      }
    });
  };
  const lookups = gsub.lookupList.toArray();
  const used = new Set<number>();
  for (const { script } of gsub.scriptList) {
    for (const index of script.defaultLangSys?.featureIndexes ?? []) {
      const feature = gsub.featureList[index];
      if (feature && appliedFeatures.has(feature.tag)) feature.feature.lookupListIndexes.forEach((l) => used.add(l));
    }
  }
  for (const index of used) {
    const lookup = lookups[index];
    if (!lookup) return null;
    for (const table of lookup.subTables) {
      if (lookup.lookupType === 4 && table.coverage && table.ligatureSets) {
        // A ligature is its first glyph followed by its components, in that order ("fi" and "ff"
        // are shaped; "of Ulf" and "if" are not).
        const sets = Array.isArray(table.ligatureSets) ? table.ligatureSets : table.ligatureSets.toArray();
        glyphsOf(table.coverage).forEach((first, k) => {
          for (const ligature of sets[k] ?? []) {
            const list = ligatures.get(first) ?? [];
            if (list.length === 0) ligatures.set(first, list);
            list.push(ligature.components);
          }
        });
      } else if ([1, 2, 3, 8].includes(lookup.lookupType) && table.coverage) addRule([glyphsOf(table.coverage)]);
      else if ((lookup.lookupType === 5 || lookup.lookupType === 6) && table.version === 3) {
        addRule([...(table.backtrackCoverage ?? []), ...(table.inputCoverage ?? []), ...(table.lookaheadCoverage ?? [])].map(glyphsOf));
      } else if ((lookup.lookupType === 5 || lookup.lookupType === 6) && table.coverage) addRule([glyphsOf(table.coverage)]);
      else return null; // extension lookups and anything unforeseen: shape everything
    }
  }
  return { rules, byGlyph, ligatures };
}

/**
 * The substitution rules: `rules[r]` is context rule r's number of positions, and `byGlyph` lists
 * the (rule, position) pairs each glyph can fill, a rule's pairs next to each other; `ligatures`
 * holds, by first glyph, the components that must follow it.
 */
interface Rules {
  rules: number[];
  byGlyph: Map<number, [number, number][]>;
  ligatures: Map<number, number[][]>;
}

/**
 * Glyphs for strings that shaping cannot change, straight from the font's character map: the
 * glyph objects fontkit's own layout would return (it maps code points through the same
 * `glyphForCodePoint`), so pdf-lib measures and encodes them exactly as before, without running
 * the shaper. Undefined for a string that needs shaping: a code point the font lacks (or outside
 * the BMP), U+2044, or glyphs that together could trigger a substitution ("fi", i + a combining mark).
 */
export function directGlyphs(font: Font): (text: string) => Glyph[] | undefined {
  // fontkit parses GSUB on first access; pdf-lib's types do not declare it.
  const table = substitutionRules((font as unknown as { GSUB?: Gsub }).GSUB);
  if (!table) return () => undefined;
  const { rules, byGlyph, ligatures } = table;
  const supported = new Set(font.characterSet);
  const glyphs = new Map<number, Glyph>();
  const hitsOf = new Map<number, number>();
  return (text) => {
    const run: Glyph[] = [];
    let triggers: [number, number][][] | null = null;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let glyph = glyphs.get(code);
      if (glyph === undefined) {
        if (code === fractionSlash || (code >= 0xd800 && code <= 0xdfff) || ignorable(code) || !supported.has(code)) return undefined;
        glyphs.set(code, (glyph = font.glyphForCodePoint(code)));
      }
      const inRules = byGlyph.get(glyph.id);
      if (inRules) (triggers ??= []).push(inRules);
      run.push(glyph);
    }
    if (triggers && couldSubstitute(triggers, rules, hitsOf)) return undefined;
    if (ligatures.size > 0 && (combiningMark.test(text) || formsLigature(run, ligatures))) return undefined;
    return run;
  };
}

/**
 * Ligature lookups may skip marks between their glyphs (a lookup flag this reading does not
 * follow): a string with a combining mark is shaped. Report text is precomposed ("å", not "a" +
 * ring) nearly always.
 */
const combiningMark = /\p{M}/u;

/** Whether a ligature's glyphs stand next to each other, in order, somewhere in `run`. */
function formsLigature(run: readonly Glyph[], ligatures: ReadonlyMap<number, number[][]>): boolean {
  for (let i = 0; i < run.length; i++) {
    const candidates = ligatures.get(run[i]?.id ?? -1);
    if (!candidates) continue;
    for (const components of candidates) {
      if (components.every((c, k) => run[i + 1 + k]?.id === c)) return true;
    }
  }
  return false;
}

/**
 * fontkit draws default-ignorable code points (soft hyphen, zero-width joiners, variation
 * selectors, bidi controls) as a zero-width space; they are shaped. The BMP part of its list.
 */
function ignorable(c: number): boolean {
  return c === 0xad || c === 0x34f || c === 0x61c || (c >= 0x17b4 && c <= 0x17b5) || (c >= 0x180b && c <= 0x180e) || (c >= 0x200b && c <= 0x200f)
    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || (c >= 0xfe00 && c <= 0xfe0f) || c === 0xfeff || (c >= 0xfff0 && c <= 0xfff8);
}

/**
 * Whether some context rule has every position met by a glyph of the string (`triggers`: each
 * character's pairs; the order is not checked, and a glyph fills every position of a rule it is
 * in: both err on the safe side).
 */
function couldSubstitute(triggers: readonly [number, number][][], rules: readonly number[], hits: Map<number, number>): boolean {
  hits.clear();
  for (const list of triggers) {
    for (const [rule, position] of list) {
      const bit = 1 << Math.min(position, 30);
      const had = hits.get(rule) ?? 0;
      const mask = had | bit;
      hits.set(rule, mask);
      const needed = rules[rule] ?? 0;
      if (needed > 30 || mask === (2 ** needed - 1)) return true;
    }
  }
  return false;
}
