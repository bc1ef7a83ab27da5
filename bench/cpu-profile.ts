/**
 * Chromium CPU profiles (CDP `Profiler`) read for the benches: where a main thread's time went,
 * by function (self time: the function's own code) and by function including what it called
 * (total time: each sample counted once per function on its stack). Renderer bundles are
 * minified; build with RENDERER_UNMINIFIED=1 (electron.vite.config.ts) for readable names.
 *
 * `node bench/cpu-profile.ts file.cpuprofile [n]` prints a saved profile's summary.
 */
import { readFile } from 'node:fs/promises';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

const frameName = ({ functionName, url, lineNumber }: CpuProfile['nodes'][number]['callFrame']) =>
  `${functionName || '(anonymous)'} ${url.split('/').pop() || '(native)'}:${lineNumber + 1}`;

/** Milliseconds of samples per node id. */
function sampledMs(profile: CpuProfile): Map<number, number> {
  const ms = new Map<number, number>();
  profile.samples?.forEach((id, k) => ms.set(id, (ms.get(id) ?? 0) + (profile.timeDeltas?.[k] ?? 0) / 1000));
  return ms;
}

/** The `n` functions with the most self time: [name, ms]. Idle and the profiler's own samples are left out. */
export function topSelf(profile: CpuProfile, n = 10): [string, number][] {
  const ms = sampledMs(profile);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    if (['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) continue;
    const key = frameName(node.callFrame);
    byName.set(key, (byName.get(key) ?? 0) + (ms.get(node.id) ?? 0));
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** The `n` functions with the most total time (their own and their callees'), each sample counted once per function. */
export function topTotal(profile: CpuProfile, n = 15): [string, number][] {
  const ms = sampledMs(profile);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = new Map<string, number>();
  for (const [id, time] of ms) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node || ['(idle)', '(root)', '(program)'].includes(node.callFrame.functionName)) continue;
      const key = frameName(node.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + time);
    }
  }
  return [...total].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Milliseconds the profiled thread was not idle (garbage collection and unattributed work included). */
export function busyMs(profile: CpuProfile): number {
  const ms = sampledMs(profile);
  let busy = 0;
  for (const node of profile.nodes) if (node.callFrame.functionName !== '(idle)') busy += ms.get(node.id) ?? 0;
  return busy;
}

/** Lines for a bench's output: busy time, then the top functions by self and by total time. */
export function profileSummary(profile: CpuProfile, n = 10): string[] {
  const line = ([name, ms]: [string, number]) => `      ${ms.toFixed(0).padStart(6)} ms  ${name}`;
  return [`    busy ${busyMs(profile).toFixed(0)} ms; by self time:`, ...topSelf(profile, n).map(line), '    by total time:', ...topTotal(profile, n + 5).map(line)];
}

if (import.meta.main) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/cpu-profile.ts file.cpuprofile [n]');
  console.log(profileSummary(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, Number(n ?? 15)).join('\n'));
}
