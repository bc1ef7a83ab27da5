/**
 * "Docs stand alone": every repository path named in a Markdown file or in a source comment must
 * exist, and every decision note carries Status and Date lines. Run by scripts/doc-paths.test.ts
 * in the unit tests; `node scripts/doc-paths.ts` prints the findings.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface Finding {
  file: string;
  line: number;
  problem: string;
}

const root = join(import.meta.dirname, '..');

/** Top-level folders and files: a path starting with one of these is a repository path. */
function topLevelNames(files: readonly string[]): Set<string> {
  return new Set(files.map((f) => f.split('/')[0] ?? '').filter(Boolean));
}

// A path-like token: at least one slash, segments of word characters, dots and dashes, an optional trailing slash.
const pathToken = /(?<![\w@:/.~-])(?:\.{1,2}\/)*[A-Za-z0-9_][\w.-]*(?:\/[\w.-]+)+\/?/g;
// Generated or installed, never committed; and things that only look like paths.
const ignoredPrefixes = ['node_modules/', 'out/', 'dist/', '.data/', 'test-results/', 'playwright-report/'];

/** The text of a source file's comments, other lines blanked, so line numbers stay right. */
function commentText(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const two = source.slice(i, i + 2);
    if (two === '//' && source[i - 1] !== ':') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += source.slice(i, stop);
      i = stop;
    } else if (two === '/*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop;
    } else {
      out += source[i] === '\n' ? '\n' : ' ';
      i++;
    }
  }
  return out;
}

/** Markdown without fenced code blocks' shell prompts is still prose: links, tables, code spans all count. */
function candidates(text: string): { token: string; line: number }[] {
  const found: { token: string; line: number }[] = [];
  text.split('\n').forEach((lineText, index) => {
    // URLs are not repository paths.
    const withoutUrls = lineText.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
    for (const match of withoutUrls.matchAll(pathToken)) found.push({ token: match[0].replace(/[.,:;]+$/, ''), line: index + 1 });
  });
  return found;
}

function checkPaths(file: string, text: string, top: Set<string>, files: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const here = dirname(file);
  for (const { token, line } of candidates(text)) {
    if (ignoredPrefixes.some((p) => token.startsWith(p))) continue;
    const relative = token.startsWith('./') || token.startsWith('../');
    const first = token.split('/')[0] ?? '';
    if (relative || top.has(first)) {
      // A path from the repository root, or relative to this file: it must exist as written.
      const onDisk = relative ? [posix.join(here, token)] : [token, posix.join(here, token)];
      if (!onDisk.some((c) => existsSync(join(root, c)))) findings.push({ file, line, problem: `names ${token}, which is not in the repository` });
      continue;
    }
    // Shorthand inside a folder's own docs (db/seed/, features/trips/track-math.ts): fine when it names a
    // file of this repository; a file name that matches nothing here is a broken reference, unless
    // it is a path inside an installed package (maplibre-gl/dist/…).
    if (!/\.[a-z]{2,5}$/.test(token) || existsSync(join(root, 'node_modules', first))) continue;
    if (existsSync(join(root, here, token)) || files.some((f) => f.endsWith(`/${token}`))) continue;
    findings.push({ file, line, problem: `names ${token}, which matches no file in the repository` });
  }
  return findings;
}

function checkDecision(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  if (!/^Status: (accepted|proposed|deprecated|superseded by \d{4})\b/m.test(text)) findings.push({ file, line: 1, problem: 'has no "Status: accepted|proposed|deprecated|superseded by NNNN" line' });
  if (!/^Date: \d{4}-\d{2}-\d{2}$/m.test(text)) findings.push({ file, line: 1, problem: 'has no "Date: YYYY-MM-DD" line' });
  return findings;
}

/** Every finding in the committed (and staged) files of the repository. */
export function findDocProblems(): Finding[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && existsSync(join(root, f)));
  const top = topLevelNames(files);
  const findings: Finding[] = [];
  for (const file of files) {
    if (file.endsWith('.md')) {
      const text = readFileSync(join(root, file), 'utf8');
      findings.push(...checkPaths(file, text, top, files));
      if (/^docs\/decisions\/\d{4}-.*\.md$/.test(file)) findings.push(...checkDecision(file, text));
    } else if (/\.(ts|tsx|js|cjs|mjs)$/.test(file)) {
      findings.push(...checkPaths(file, commentText(readFileSync(join(root, file), 'utf8')), top, files));
    }
  }
  return findings;
}

if (import.meta.main) {
  const findings = findDocProblems();
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.problem}`);
  process.exitCode = findings.length > 0 ? 1 : 0;
}
