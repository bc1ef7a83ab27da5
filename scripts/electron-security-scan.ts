/**
 * Security gate for the Electron shell: runs @doyensec/electronegativity over electron/ and
 * renderer/ and fails on any HIGH or MEDIUM finding that is not in the reviewed list
 * (build/electronegativity-reviewed.json). The tool's own exit code is always 0, so we parse
 * its CSV report.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const scanner = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
const noRetry = join(root, 'scripts/electronegativity-no-retry.cjs');
const electronVersion = (JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

interface Finding {
  check: string;
  severity: string;
  file: string;
  location: string;
  description: string;
}
interface Reviewed {
  check: string;
  file: string;
  why: string;
}

/** Scans the shell and the renderer as one app, so global checks see the whole picture. */
async function scan(): Promise<Finding[]> {
  const work = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  const input = join(work, 'app');
  for (const dir of ['electron/main', 'electron/preload', 'electron/engine-host', 'renderer']) {
    await cp(join(root, dir), join(input, dir), { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('.test.ts') });
  }
  const out = join(work, 'report.csv');
  await run(process.execPath, ['--require', noRetry, scanner, '-i', input, '-o', out, '-r', '-v', 'false', '-e', electronVersion], { cwd: root });
  const lines = (await readFile(out, 'utf8')).trim().split('\n').slice(1);
  return lines.filter(Boolean).map((line) => {
    const cells = parseCsvLine(line);
    return { check: cells[0] ?? '', severity: cells[1] ?? '', file: cells[3] ?? '', location: cells[4] ?? '', description: cells[6] ?? '' };
  });
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

const reviewed = (JSON.parse(await readFile(join(root, 'build/electronegativity-reviewed.json'), 'utf8')) as { reviewed: Reviewed[] }).reviewed;
const findings = await scan();
const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
const isReviewed = (f: Finding) => reviewed.some((r) => r.check === f.check && r.file === f.file);
const unreviewed = serious.filter((f) => !isReviewed(f));
const stale = reviewed.filter((r) => !serious.some((f) => r.check === f.check && r.file === f.file));

console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${serious.length} high/medium, ${serious.length - unreviewed.length} reviewed`);
for (const f of unreviewed) console.error(`  ${f.severity} ${f.check} ${f.file}:${f.location} — ${f.description}`);
for (const r of stale) console.error(`  stale review entry: ${r.check} ${r.file} no longer matches a finding; remove it`);
if (unreviewed.length || stale.length) {
  console.error('Security scan failed.');
  process.exit(1);
}
