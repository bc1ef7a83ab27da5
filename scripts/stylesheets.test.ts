import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = join(import.meta.dirname, '..', 'renderer', 'src');

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

/**
 * Where a stylesheet's blocks do not close, as "line N: …", or null when every `{` has its `}`.
 * Comments and strings are skipped. A rule left open is not a syntax error to the browser or the
 * bundler: CSS nesting makes every rule after it a nested rule of the open one, which matches
 * nothing. One missing `}` in admin.css once unstyled every rule bundled after it (the vehicle
 * card, the search box, the scheduled reports form) without a warning anywhere.
 */
function unclosedBlock(css: string): string | null {
  const opened: number[] = [];
  let line = 1;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '\n') line++;
    else if (ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      const stop = end < 0 ? css.length : end + 2;
      line += (css.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop - 1;
    } else if (ch === '"' || ch === "'") {
      const end = css.indexOf(ch, i + 1);
      i = end < 0 ? css.length : end;
    } else if (ch === '{') opened.push(line);
    else if (ch === '}' && opened.pop() === undefined) return `line ${line}: a } closes nothing`;
  }
  const open = opened.pop();
  return open === undefined ? null : `line ${open}: this { is never closed`;
}

describe('stylesheets', () => {
  it('finds a rule left open and a stray brace, and passes balanced nesting', () => {
    expect(unclosedBlock('.a {\n  color: red;\n\n.b { color: blue; }\n')).toBe('line 1: this { is never closed');
    expect(unclosedBlock('.a { color: red; }\n}\n')).toBe('line 2: a } closes nothing');
    expect(unclosedBlock('@media (width > 1px) {\n  .a { content: "{"; }\n}\n/* { */\n')).toBeNull();
  });

  it('every stylesheet of the console closes every block it opens', () => {
    const files = stylesheets(source);
    expect(files.length).toBeGreaterThan(10);
    const broken = files.flatMap((file) => {
      const problem = unclosedBlock(readFileSync(file, 'utf8'));
      return problem ? [`${relative(source, file)} ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });
});
