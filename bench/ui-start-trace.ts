/**
 * One start of a map page, traced (Chromium trace + the page's WebGL calls timed): where the time
 * from navigation to the first vehicle frame and to the complete labelled basemap goes, split into
 * stages. Used by `BENCH_ONLY=basemap-trace npm run bench:ui` (the harness page) and by
 * `BENCH_FIRST_PAINT_TRACE=1` in the first-paint phase (the real console). Decision 0445.
 */
import type { Browser, Page } from '@playwright/test';
import { traceTasks, type Trace, type TraceEvent } from './chromium-trace.ts';

/**
 * Installed before the page's scripts: times the WebGL calls that wait on the GPU process
 * (context creation, program links) and marks the first of each, so stages can be placed on the
 * timeline. The bench's tsconfig has no DOM types: the page side is described by hand.
 */
export const timeWebGlCalls = () => {
  type Fn = (...args: unknown[]) => unknown;
  type Stat = { count: number; ms: number; first: number; last: number };
  const scope = globalThis as unknown as {
    __gl: Record<string, Stat>;
    __glLog: { name: string; t0: number; t1: number; canvas: string }[];
    HTMLCanvasElement: { prototype: Record<string, Fn> };
    WebGL2RenderingContext: { prototype: Record<string, Fn> };
    performance: { now(): number; mark(name: string): void };
  };
  scope.__gl = {};
  scope.__glLog = [];
  // Calls that wait on the GPU process, one by one with their canvas (the map's, the vehicles',
  // the overlay's): which context's links stand before the first vehicle frame.
  const logged = new Set(['getContext', 'getProgramParameter']);
  const wrap = (proto: Record<string, Fn>, name: string, key = name) => {
    const original = proto[name];
    if (!original) return;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = scope.performance.now();
      const out = original.apply(this, args);
      const t1 = scope.performance.now();
      const stat = (scope.__gl[key] ??= { count: 0, ms: 0, first: t0, last: t1 });
      stat.count++;
      stat.ms += t1 - t0;
      stat.last = t1;
      if (logged.has(name)) {
        const self = this as { className?: string; canvas?: { className?: string } };
        scope.__glLog.push({ name, t0, t1, canvas: (self.canvas?.className ?? self.className ?? '').split(' ')[0] ?? '' });
      }
      return out;
    };
  };
  wrap(scope.HTMLCanvasElement.prototype, 'getContext');
  for (const name of ['linkProgram', 'getProgramParameter', 'compileShader', 'getShaderParameter', 'texImage2D', 'bufferData', 'drawElements', 'drawArrays', 'readPixels', 'getParameter', 'getExtension']) {
    wrap(scope.WebGL2RenderingContext.prototype, name);
  }
};

interface GlStat {
  count: number;
  ms: number;
  first: number;
  last: number;
}

export const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'gpu', 'toplevel'];

/** The outermost complete events of one thread (nested ones are inside them). */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    if (e.ts < end) continue;
    end = e.ts + (e.dur ?? 0);
    out.push(e);
  }
  return out;
}

/** CPU ms (thread time) of one thread's outermost events that start within [from, to) ms. */
function cpuBetween(events: TraceEvent[], origin: number, from: number, to: number): number {
  let sum = 0;
  for (const e of events) {
    const at = (e.ts - origin) / 1000;
    if (at >= from && at < to) sum += (e.tdur ?? e.dur ?? 0) / 1000;
  }
  return sum;
}

/** Busy ms per `binMs` window of one thread, from its outermost complete events. */
function busyBins(events: TraceEvent[], origin: number, binMs: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const e of events) {
    const end = e.ts + (e.dur ?? 0);
    for (let t = e.ts; t < end; ) {
      const bin = Math.floor((t - origin) / 1000 / binMs);
      const binEnd = origin + (bin + 1) * binMs * 1000;
      const part = Math.min(end, binEnd) - t;
      if (bin >= 0 && bin < bins) out[bin] = (out[bin] ?? 0) + part / 1000;
      t += Math.max(part, 1);
    }
  }
  return out;
}

/**
 * Lines: the page's marks, the GL calls' time, and per thread (page main, MapLibre's worker, the
 * GPU process's main) a strip of busy time per 100 ms until `untilMs`, then the main thread's tasks.
 */
export function startStages(trace: Trace, marks: { name: string; startTime: number }[], gl: Record<string, GlStat>, untilMs: number): string[] {
  const names = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  // Navigation start on the trace's clock: the user-timing marks carry both clocks.
  const userMarks = trace.traceEvents.filter((e) => (e as TraceEvent & { cat?: string }).cat?.includes('user_timing') && marks.some((m) => m.name === e.name));
  const anchor = userMarks[0];
  const anchorMark = marks.find((m) => m.name === anchor?.name);
  const origin = anchor && anchorMark ? anchor.ts - anchorMark.startTime * 1000 : Math.min(...trace.traceEvents.filter((e) => e.ts > 0).map((e) => e.ts));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !(e.dur ?? 0)) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const binMs = 100;
  const bins = Math.ceil(untilMs / binMs);
  const lines = ['  marks (ms after navigation):', ...marks.sort((a, b) => a.startTime - b.startTime).map((m) => `    ${m.startTime.toFixed(0).padStart(6)}  ${m.name}`)];
  lines.push('  WebGL calls (count, total ms, first start → last end):');
  for (const [name, s] of Object.entries(gl).sort((a, b) => b[1].ms - a[1].ms)) lines.push(`    ${name.padEnd(22)} ${String(s.count).padStart(5)} ${s.ms.toFixed(0).padStart(6)} ms  ${s.first.toFixed(0)} → ${s.last.toFixed(0)}`);
  lines.push(`  busy ms per ${binMs} ms (one digit per bin: 0–9 tenths busy, ' ' idle), until ${untilMs.toFixed(0)} ms:`);
  const wanted = ['CrRendererMain', 'DedicatedWorker thread', 'CrGpuMain', 'VizCompositorThread', 'Compositor'];
  const rows = [...byThread]
    .filter(([key]) => wanted.includes(names.get(key) ?? ''))
    .map(([key, events]) => {
      const top = outermost(events);
      return { key, name: names.get(key) ?? key, top, bins: busyBins(top, origin, binMs, bins) };
    })
    .filter((r) => r.bins.some((b) => b > 5))
    .sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));
  for (const row of rows) {
    const strip = row.bins.map((b) => (b < 5 ? ' ' : String(Math.min(9, Math.floor(b / (binMs / 10)))))).join('');
    lines.push(`    ${row.name.slice(0, 14).padEnd(14)} ${row.bins.reduce((a, b) => a + b, 0).toFixed(0).padStart(5)} ms |${strip}|`);
  }
  // Stages between the marks and the first WebGL context: each thread's CPU (thread time) in each,
  // which a loaded machine inflates far less than wall time.
  const edges = [
    { name: 'navigation', at: 0 },
    { name: 'first getContext', at: gl['getContext']?.first ?? NaN },
    { name: 'last getContext returned', at: gl['getContext']?.last ?? NaN },
    ...marks.map((m) => ({ name: m.name, at: m.startTime })),
    { name: 'last program linked', at: gl['getProgramParameter']?.last ?? NaN },
  ]
    .filter((e) => Number.isFinite(e.at) && e.at <= untilMs)
    .sort((a, b) => a.at - b.at);
  lines.push('  stages: wall ms, then CPU ms per thread (thread time of tasks starting in the stage):');
  for (let i = 1; i < edges.length; i++) {
    const from = edges[i - 1];
    const to = edges[i];
    if (!from || !to) continue;
    const cpu = rows.map((r) => `${r.name.slice(0, 8)} ${cpuBetween(r.top, origin, from.at, to.at).toFixed(0)}`).join(', ');
    lines.push(`    ${from.at.toFixed(0).padStart(6)} → ${to.at.toFixed(0).padStart(6)} (${(to.at - from.at).toFixed(0).padStart(5)} ms) ${from.name} → ${to.name}: ${cpu}`);
  }
  lines.push('  main thread tasks ≥ 20 ms CPU (ms after the trace began):', ...traceTasks(trace, 20));
  return lines;
}

/** Traces one navigation of `page` until `done` resolves; returns the stage lines. */
export async function traceOneStart(browser: Browser, page: Page, navigate: () => Promise<unknown>, done: () => Promise<unknown>): Promise<string[]> {
  await page.addInitScript(timeWebGlCalls);
  await browser.startTracing(page, { categories: traceCategories });
  await navigate();
  await done();
  const buffer = await browser.stopTracing();
  const trace = JSON.parse(buffer.toString('utf8')) as Trace;
  const { marks, gl, log, until } = await page.evaluate(() => {
    const scope = globalThis as unknown as { __gl: Record<string, GlStat>; __glLog: GlCall[]; performance: { getEntriesByType(t: string): { name: string; startTime: number }[]; now(): number } };
    return { marks: scope.performance.getEntriesByType('mark').map((m) => ({ name: m.name, startTime: m.startTime })), gl: scope.__gl, log: scope.__glLog, until: scope.performance.now() };
  });
  return [...startStages(trace, marks, gl, until), ...glCallLines(log, marks)];
}

interface GlCall {
  name: string;
  t0: number;
  t1: number;
  canvas: string;
}

/** Each context creation and program link with its canvas, between the page's marks, in time order. */
function glCallLines(log: GlCall[], marks: { name: string; startTime: number }[]): string[] {
  const rows = [...log.map((c) => ({ at: c.t0, text: `${c.name.padEnd(20)} ${(c.t1 - c.t0).toFixed(0).padStart(5)} ms  ${c.canvas || '(map)'}` })), ...marks.map((m) => ({ at: m.startTime, text: `◆ ${m.name}` }))];
  return ['  contexts and program links (ms after navigation, wait, canvas):', ...rows.sort((a, b) => a.at - b.at).map((r) => `    ${r.at.toFixed(0).padStart(6)}  ${r.text}`)];
}
