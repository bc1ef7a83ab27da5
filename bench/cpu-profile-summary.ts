/**
 * Where a V8 CPU profile's time went, as text: `node bench/cpu-profile-summary.ts <file.cpuprofile> [top]`.
 * bench:ingest writes one with BENCH_PROFILE=<dir> (`--cpu-prof` on its server process); this
 * prints self time by area (our folders, each package, V8's garbage collector, idle) and the
 * functions with the most self time, so a profile can be quoted in a decision note without
 * opening DevTools.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The area a function belongs to: a package, a folder of ours, or one of V8's pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(idle)' || functionName === '(garbage collector)' || functionName === '(program)') return functionName;
    return 'node (native)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/(server|bench|contract|demo)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]?.endsWith('.ts') ? '' : ours[2]}`.replace(/\/$/, '');
  return url;
}

export interface ProfileSummary {
  totalMs: number;
  areas: { area: string; ms: number }[];
  functions: { name: string; ms: number }[];
  /** Total time (own and callees', each sample counted once) per file of ours, e.g. "server/ingest/parse-osmand.ts". */
  files: { file: string; ms: number }[];
}

/** A file of this repository ("server/ingest/report.ts"), or null for anything else. */
function ownFile(url: string): string | null {
  if (url.includes('node_modules')) return null;
  return /\/((?:server|bench|contract|demo)\/.+\.ts)$/.exec(url)?.[1] ?? null;
}

/** Self time per area and per function (µs from the profile's sample deltas). */
export function summarize(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const file = url.split('/').slice(-2).join('/');
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  // Total time per file of ours: walk each sampled node's stack once.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const files = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const file = ownFile(byId.get(at)?.callFrame.url ?? '');
      if (file === null || seen.has(file)) continue;
      seen.add(file);
      files.set(file, (files.get(file) ?? 0) + us);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total / 1000,
    areas: sorted(areas).map(([area, us]) => ({ area, ms: us / 1000 })),
    functions: sorted(functions).map(([name, us]) => ({ name, ms: us / 1000 })),
    files: sorted(files).map(([file, us]) => ({ file, ms: us / 1000 })),
  };
}

/** The summary as lines: shares of the busy (non-idle) time. */
export function formatSummary(summary: ProfileSummary, top = 25): string[] {
  const idle = summary.areas.find((a) => a.area === '(idle)')?.ms ?? 0;
  const busy = summary.totalMs - idle;
  const pct = (ms: number) => `${((ms / Math.max(busy, 1e-9)) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`profile: ${(summary.totalMs / 1000).toFixed(1)} s, idle ${((idle / Math.max(summary.totalMs, 1e-9)) * 100).toFixed(0)}%; shares below are of the busy ${(busy / 1000).toFixed(1)} s`];
  lines.push('self time by area:');
  for (const a of summary.areas.filter((x) => x.area !== '(idle)').slice(0, top)) lines.push(`  ${pct(a.ms)}  ${a.area}`);
  lines.push(`top ${top} functions by self time:`);
  for (const f of summary.functions.filter((x) => !x.name.startsWith('(idle)')).slice(0, top)) lines.push(`  ${pct(f.ms)}  ${f.name}`);
  return lines;
}

/** Total time per file of ours (what it and everything it called took), as shares of the busy time. */
export function formatTotals(summary: ProfileSummary, top = 25): string[] {
  const idle = summary.areas.find((a) => a.area === '(idle)')?.ms ?? 0;
  const busy = Math.max(summary.totalMs - idle, 1e-9);
  return [`top ${top} files of ours by total time (own code and callees; nested files count in each):`, ...summary.files.slice(0, top).map((f) => `  ${((f.ms / busy) * 100).toFixed(1).padStart(5)}%  ${f.file}`)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/cpu-profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarize(profile);
  for (const line of [...formatSummary(summary, Number(top ?? 25)), ...formatTotals(summary, Number(top ?? 25))]) console.log(line);
}
