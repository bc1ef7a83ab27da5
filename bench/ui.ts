/**
 * `npm run bench:ui` — the console's map and list against the naive baseline (the whole fleet
 * re-sent as GeoJSON to the map on every update), in Chromium with software GL. Builds the
 * harness page (renderer/bench/) with the app's own modules, serves it, and prints figures.
 *
 * Env: BENCH_VEHICLES (10000), BENCH_MEMORY_SECONDS (60; the issue's 10-minute run is
 * BENCH_MEMORY_SECONDS=600), CHROMIUM_PATH, BENCH_ONLY=start (only the start-up figure, 5 runs),
 * BENCH_ONLY=first-paint (only the real console's first paint with vehicles from a warm engine
 * cache: bench/ui-first-paint.ts; it also runs at the end of the full benchmark),
 * BENCH_ONLY=long-tasks (only the main thread's long tasks in the real console with a simulated fleet,
 * steady and during a busy dispatch: bench/ui-long-tasks.ts),
 * BENCH_ONLY=filter (only the 50,000-device list filter, 5 fresh pages: cold and warm runs),
 * BENCH_ONLY=pan (only the panning frame time: BENCH_PAN_ROUNDS (2) rounds of one page per mode,
 * BENCH_PAN_REPS (3) pans of 3 s each per page; BENCH_PAN_QUERY adds harness query parameters,
 * e.g. `zoom=15`),
 * BENCH_ONLY=basemap (only the offline basemap: cold start to the labelled map complete, panning
 * with its labels vs hidden; bench/ui-basemap.ts), BENCH_ONLY=basemap-shots (its screenshots),
 * BENCH_ONLY=basemap-trace (one traced cold start split into stages; BENCH_TRACE_QUERY, BENCH_TRACE_RUNS:
 * bench/ui-start-trace.ts), BENCH_BASEMAP_DIRS=name=dir,name=dir (A/B of harness builds, e.g. copies
 * of this checkout's build folder in tmp made on two commits; BENCH_BASEMAP_RUNS each, alternated),
 * BENCH_ONLY=shots (no timing: screenshots of the console's layer with the offline basemap at
 * zoom 12 and at street zoom, with named zones standing in for geofences, into BENCH_SHOTS_DIR,
 * default /tmp/fleet-ui-shots). The harness page takes `areas=1` for those zones (also in
 * BENCH_PAN_QUERY); pan mode prints the label collision pass's cost per frame.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildHarness, serveHarness } from './ui-harness-page.ts';
import { firstPaintWarmCache } from './ui-first-paint.ts';
import { longTasksDuringDispatch } from './ui-long-tasks.ts';
import { basemapColdStarts, basemapFigures, basemapShots } from './ui-basemap.ts';
import { traceOneStart } from './ui-start-trace.ts';

const vehicles = Number(process.env.BENCH_VEHICLES ?? 10000);
const memorySeconds = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

interface Figures {
  startMs: number;
  /** Until the map first rests with every basemap tile drawn. */
  completeMs: number;
  applySync: number;
  applyDrawn: number;
  frameMean: number;
  frameP95: number;
  /** CPU ms of Chromium's GPU process (where software GL runs) per panning frame. */
  frameGpuCpu: number;
  heapStartMb: number;
  heapEndMb: number;
  heapPeakMb: number;
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  await session.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

type FilterFigures = { indexMs: number; runs: number[] };

const chromiumArgs = ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function openPage(url: string, mode: 'layer' | 'baseline', basemap: boolean, extraQuery = '', viewport = { width: 1280, height: 800 }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  const page = await browser.newPage({ viewport });
  await page.goto(`${url}?mode=${mode}&n=${vehicles}&basemap=${basemap ? 1 : 0}${extraQuery ? `&${extraQuery}` : ''}`);
  await page.waitForFunction(() => (globalThis as unknown as { bench?: { ready(): boolean } }).bench?.ready() === true, undefined, { timeout: 120_000 });
  return { browser, page };
}

type Bench = {
  applySecond(): Promise<{ syncMs: number; drawnMs: number }>;
  pan(ms: number): Promise<number[]>;
  filterList(n: number): FilterFigures;
  live(s: number): Promise<void>;
  takeLabelStats(): LabelStats;
  takeClusterStats(): { passes: number[]; clusters: number; hidden: number };
};

/** Sums over the overlay frames of a pan (renderer/bench/harness.ts). */
type LabelStats = { frames: number; candidates: number; placed: number; collectMs: number; placeMs: number; maxPlaceMs: number };

/** CPU seconds used so far by Chromium's processes, by type (software GL runs in the GPU process). */
async function cpuByProcess(browser: Browser): Promise<Record<string, number>> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  await session.detach();
  const out: Record<string, number> = {};
  for (const p of processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime;
  return out;
}

interface PanFigures {
  runs: number[][];
  /** CPU ms per frame of the GPU process and of the page's renderer: robust to a busy machine. */
  gpuCpuPerFrame: number;
  rendererCpuPerFrame: number;
  /** Console only: label collection + collision placement during the timed pans. */
  labels?: LabelStats;
}

/** Only the panning frame time: a warm-up pan, then `reps` timed pans on one page. */
async function panOnly(url: string, mode: 'layer' | 'baseline', reps: number, extraQuery: string): Promise<PanFigures> {
  const { browser, page } = await openPage(url, mode, false, extraQuery);
  try {
    for (let i = 0; i < 2; i++) await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.applySecond());
    await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.pan(1000));
    const runs: number[][] = [];
    const takeLabels = () => page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.takeLabelStats?.());
    if (mode === 'layer') await takeLabels();
    const before = await cpuByProcess(browser);
    for (let i = 0; i < reps; i++) runs.push(await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.pan(3000)));
    const after = await cpuByProcess(browser);
    const labels = mode === 'layer' ? await takeLabels() : undefined;
    const frames = runs.flat().length;
    const perFrame = (type: string) => (((after[type] ?? 0) - (before[type] ?? 0)) * 1000) / Math.max(1, frames);
    return { runs, gpuCpuPerFrame: perFrame('GPU'), rendererCpuPerFrame: perFrame('renderer'), labels };
  } finally {
    await browser.close();
  }
}

async function run(url: string, mode: 'layer' | 'baseline', withMemory: boolean, basemap = false, filterOnly = false): Promise<Figures & { filter?: FilterFigures }> {
  const { browser, page } = await openPage(url, mode, basemap);
  const startMs = await page.evaluate(() => performance.getEntriesByName('fleet:vehicles-painted')[0]?.startTime ?? NaN);
  await page.waitForFunction(() => performance.getEntriesByName('fleet:basemap-complete').length > 0, undefined, { timeout: 120_000 });
  const completeMs = await page.evaluate(() => performance.getEntriesByName('fleet:basemap-complete')[0]?.startTime ?? NaN);
  if (filterOnly) {
    const filter = await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.filterList(50000));
    await browser.close();
    return { startMs, completeMs, applySync: NaN, applyDrawn: NaN, frameMean: NaN, frameP95: NaN, frameGpuCpu: NaN, heapStartMb: NaN, heapEndMb: NaN, heapPeakMb: NaN, filter };
  }
  const applies: { syncMs: number; drawnMs: number }[] = [];
  for (let i = 0; i < 8; i++) applies.push(await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.applySecond()));
  const cpuBefore = await cpuByProcess(browser);
  const frames = await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.pan(4000));
  const cpuAfter = await cpuByProcess(browser);
  const filter = mode === 'layer' ? await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.filterList(50000)) : undefined;
  const heapStartMb = await heapMb(page);
  let heapPeakMb = heapStartMb;
  let heapEndMb = heapStartMb;
  if (withMemory) {
    for (let left = memorySeconds; left > 0; left -= 10) {
      await page.evaluate((s) => (globalThis as unknown as { bench: Bench }).bench.live(s), Math.min(10, left));
      heapEndMb = await heapMb(page);
      heapPeakMb = Math.max(heapPeakMb, heapEndMb);
    }
  }
  await browser.close();
  return {
    startMs,
    completeMs,
    applySync: median(applies.slice(2).map((a) => a.syncMs)),
    applyDrawn: median(applies.slice(2).map((a) => a.drawnMs)),
    frameMean: mean(frames),
    frameP95: p95(frames),
    frameGpuCpu: (((cpuAfter['GPU'] ?? 0) - (cpuBefore['GPU'] ?? 0)) * 1000) / Math.max(1, frames.length),
    heapStartMb,
    heapEndMb,
    heapPeakMb,
    filter,
  };
}

if (process.env.BENCH_ONLY === 'long-tasks') {
  // The real console under a moving fleet and a working dispatcher (bench/ui-long-tasks.ts).
  await longTasksDuringDispatch();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'first-paint') {
  // The real console from a warm engine cache (bench/ui-first-paint.ts); needs no harness page.
  await firstPaintWarmCache();
  process.exit(0);
}
if (process.env.BENCH_BASEMAP_DIRS) {
  // A/B of harness builds (name=dir,name=dir; e.g. copies of this folder's build made on two
  // commits): cold starts to the labelled basemap complete, alternated start by start.
  const arms = await Promise.all(process.env.BENCH_BASEMAP_DIRS.split(',').map(async (pair) => {
    const [name = '', dir = ''] = pair.split('=');
    return { name, server: await serveHarness(dir), starts: [] as number[] };
  }));
  const query = process.env.BENCH_TRACE_QUERY ?? 'zoom=15&n=1000';
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Basemap cold starts A/B (${query}), load average ${load()}`);
  for (let i = 0; i < Number(process.env.BENCH_BASEMAP_RUNS ?? 5); i++) {
    for (const arm of arms) arm.starts.push(...(await basemapColdStarts((q, viewport) => openPage(arm.server.url, 'layer', true, q, viewport), 1, query)));
  }
  for (const arm of arms) console.log(`  ${arm.name}: median ${median(arm.starts).toFixed(0)} ms [${arm.starts.map((s) => s.toFixed(0)).join(', ')}]`);
  const [a, b] = arms;
  if (a && b) console.log(`  ratio ${b.name}/${a.name}: ${(median(b.starts) / median(a.starts)).toFixed(2)}×`);
  console.log(`  load average after: ${load()}`);
  for (const arm of arms) arm.server.close();
  process.exit(0);
}
await buildHarness();
const server = await serveHarness();
if (process.env.BENCH_ONLY === 'start') {
  // Quick loop for start-up work: five cold starts each, with the offline basemap.
  const starts = async (mode: 'layer' | 'baseline') => {
    const xs: { startMs: number; completeMs: number }[] = [];
    for (let i = 0; i < 5; i++) xs.push(await run(server.url, mode, false, true));
    return xs;
  };
  const show = (name: string, xs: { startMs: number; completeMs: number }[]) =>
    console.log(`${name}: vehicles painted median ${ms(median(xs.map((x) => x.startMs)))} [${xs.map((x) => x.startMs.toFixed(0)).join(', ')}]; basemap complete median ${ms(median(xs.map((x) => x.completeMs)))}`);
  show('console', await starts('layer'));
  show('GeoJSON baseline', await starts('baseline'));
  server.close();
  process.exit(0);
}
// The basemap's own figures: the harness page with its query (n=… after n=${vehicles} wins).
const openBasemap = (query: string, viewport?: { width: number; height: number }) => openPage(server.url, 'layer', true, query, viewport);
if (process.env.BENCH_ONLY === 'basemap') {
  console.log(`Offline basemap, Chromium + SwiftShader, 1280×800; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const line of await basemapFigures(openBasemap)) console.log(line);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'basemap-trace') {
  // One traced cold start per query (BENCH_TRACE_QUERY, default the basemap figure's), split into stages.
  const query = process.env.BENCH_TRACE_QUERY ?? 'zoom=15&n=1000';
  for (let i = 0; i < Number(process.env.BENCH_TRACE_RUNS ?? 1); i++) {
    console.log(`Traced cold start (${query}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const lines = await traceOneStart(
      browser,
      page,
      () => page.goto(`${server.url}?mode=layer&n=${vehicles}&basemap=1&${query}`),
      () => page.waitForFunction(() => performance.getEntriesByName('fleet:basemap-complete').length > 0, undefined, { timeout: 120_000 }),
    );
    for (const line of lines) console.log(line);
    await browser.close();
  }
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'basemap-shots') {
  const dir = process.env.BENCH_SHOTS_DIR ?? join(tmpdir(), 'fleet-ui-shots');
  await mkdir(dir, { recursive: true });
  for (const file of await basemapShots(openBasemap, dir)) console.log(file);
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'filter') {
  // Each page filters once cold (first keystroke after the devices loaded), then warm.
  for (let i = 0; i < 5; i++) {
    const f = (await run(server.url, 'layer', false, false, true)).filter ?? { indexMs: NaN, runs: [] };
    console.log(`page ${i + 1}: index at load ${ms(f.indexMs)}; first keystroke ${ms(f.runs[0] ?? NaN)}; later median ${ms(median(f.runs.slice(1)))}, max ${ms(Math.max(...f.runs.slice(1)))}`);
  }
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'shots') {
  // For looking at what the layer draws: status colours, pointers, alert and selection rings, labels.
  const dir = process.env.BENCH_SHOTS_DIR ?? join(tmpdir(), 'fleet-ui-shots');
  await mkdir(dir, { recursive: true });
  for (const [name, query] of [['zoom12', 'zoom=12&alerts=1&areas=1'], ['zoom15', 'zoom=15.3&alerts=1&areas=1&select=4045'], ['zoom17', 'zoom=17&alerts=1&areas=1&select=4045']] as const) {
    const { browser, page } = await openPage(server.url, 'layer', true, query);
    await page.waitForFunction(() => performance.getEntriesByName('fleet:basemap-complete').length > 0, undefined, { timeout: 120_000 });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    await page.screenshot({ path: join(dir, `${name}.png`) });
    await browser.close();
    console.log(join(dir, `${name}.png`));
  }
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'cluster') {
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Clustering ${vehicles} vehicles: one pass after each second of updates (20 seconds per row; first 2 dropped; min is the least disturbed by a busy machine); load average ${load()}`);
  for (const spread of ['uniform', 'hubs']) {
    for (const zoom of [6, 9, 11]) {
      const { browser, page } = await openPage(server.url, 'layer', false, `cluster=1&zoom=${zoom}&spread=${spread}`);
      try {
        const applies: number[] = [];
        for (let i = 0; i < 20; i++) applies.push((await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.applySecond())).syncMs);
        const stats = await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.takeClusterStats());
        const passes = stats.passes.slice(2);
        console.log(`${spread.padEnd(8)} zoom ${String(zoom).padStart(2)}: cluster pass min ${ms(Math.min(...passes))}, median ${ms(median(passes))}, max ${ms(Math.max(...passes))}; apply (store + upload) min ${ms(Math.min(...applies.slice(2)))}, median ${ms(median(applies.slice(2)))}; ${stats.clusters} clusters, ${stats.hidden} vehicles inside them`);
      } finally {
        await browser.close();
      }
    }
  }
  console.log(`load average after: ${load()}`);
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'cluster-shots') {
  const dir = process.env.BENCH_SHOTS_DIR ?? join(tmpdir(), 'fleet-ui-shots');
  await mkdir(dir, { recursive: true });
  for (const theme of ['dark', 'light']) {
    for (const spread of ['uniform', 'hubs']) {
      for (const zoom of [8, 10, 11]) {
        const { browser, page } = await openPage(server.url, 'layer', true, `cluster=1&zoom=${zoom}&spread=${spread}&theme=${theme}&alerts=1`);
        await page.waitForFunction(() => performance.getEntriesByName('fleet:basemap-complete').length > 0, undefined, { timeout: 120_000 });
        const path = join(dir, `clusters-${spread}-z${zoom}-${theme}.png`);
        await page.screenshot({ path });
        await browser.close();
        console.log(path);
      }
    }
  }
  server.close();
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'pan') {
  // Quick loop for rendering work: both modes, a few pans each, mean/p95 per pan and overall.
  const reps = Number(process.env.BENCH_PAN_REPS ?? 3);
  const extra = process.env.BENCH_PAN_QUERY ?? '';
  // Rounds alternate the modes, so a burst of other work on the machine hits both alike.
  const rounds = Number(process.env.BENCH_PAN_ROUNDS ?? 2);
  const layer: PanFigures[] = [];
  const baseline: PanFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    layer.push(await panOnly(server.url, 'layer', reps, extra));
    // BENCH_PAN_BASELINE=0 skips the baseline while iterating on the layer alone.
    if (process.env.BENCH_PAN_BASELINE !== '0') baseline.push(await panOnly(server.url, 'baseline', reps, extra));
  }
  const show = (name: string, pages: PanFigures[]) => {
    const runs = pages.flatMap((p) => p.runs);
    const all = runs.flat();
    console.log(`${name.padEnd(18)} mean ${ms(mean(all))}, p95 ${ms(p95(all))}, ${all.length} frames; CPU per frame: GPU process ${ms(mean(pages.map((p) => p.gpuCpuPerFrame)))}, renderer ${ms(mean(pages.map((p) => p.rendererCpuPerFrame)))}; per pan: ${runs.map((r) => `${mean(r).toFixed(1)}/${p95(r).toFixed(0)}`).join(', ')}`);
    return mean(all);
  };
  console.log(`Panning ${vehicles} vehicles${extra ? ` (${extra})` : ''}, ${rounds} rounds × ${reps} pans of 3 s per mode (mean/p95 per pan):`);
  const ours = show('console', layer);
  const sum = (pick: (l: LabelStats) => number) => layer.reduce((a, p) => a + (p.labels ? pick(p.labels) : 0), 0);
  const labelFrames = Math.max(1, sum((l) => l.frames));
  console.log(
    `console labels     per overlay frame: ${(sum((l) => l.candidates) / labelFrames).toFixed(0)} candidates, ${(sum((l) => l.placed) / labelFrames).toFixed(0)} drawn; collect ${ms(sum((l) => l.collectMs) / labelFrames)}, collision placement ${ms(sum((l) => l.placeMs) / labelFrames)} (max ${ms(Math.max(...layer.map((p) => p.labels?.maxPlaceMs ?? 0)))})`,
  );
  const theirs = show('GeoJSON baseline', baseline);
  console.log(`ratio: console is ${(theirs / ours).toFixed(2)}× the baseline's speed (>1 = faster)`);
  server.close();
  process.exit(0);
}
try {
  console.log(`UI benchmark: ${vehicles} vehicles, Chromium + SwiftShader (software GL), 1280×800`);
  console.log('Map rows without basemap (vehicles only) unless stated; JS heap after forced GC.\n');
  const layer = await run(server.url, 'layer', true);
  const baseline = await run(server.url, 'baseline', true);
  // Start-up is measured with the full offline basemap (what a dispatcher actually waits for).
  const layerStartRun = await run(server.url, 'layer', false, true);
  const baselineStartRun = await run(server.url, 'baseline', false, true);
  const layerStart = layerStartRun.startMs;
  const baselineStart = baselineStartRun.startMs;
  const row = (name: string, ours: string, base: string, goal: string) => console.log(`${name.padEnd(50)}${ours.padStart(16)}${base.padStart(20)}   ${goal}`);
  row('', 'console', 'GeoJSON baseline', 'goal');
  row('apply 1 s of updates: main thread (sync)', ms(layer.applySync), ms(baseline.applySync), '≤ 8 ms');
  row('apply 1 s of updates: until drawn', ms(layer.applyDrawn), ms(baseline.applyDrawn), '');
  row('frame time while panning, mean', ms(layer.frameMean), ms(baseline.frameMean), `ratio ${(baseline.frameMean / layer.frameMean).toFixed(1)}× faster`);
  row('frame time while panning, p95', ms(layer.frameP95), ms(baseline.frameP95), '');
  row('panning: GPU-process CPU per frame', ms(layer.frameGpuCpu), ms(baseline.frameGpuCpu), `baseline ÷ console ${(baseline.frameGpuCpu / layer.frameGpuCpu).toFixed(2)}`);
  row('page start → first paint, vehicles only', ms(layer.startMs), ms(baseline.startMs), '');
  row('page start → first paint, with offline basemap', ms(layerStart), ms(baselineStart), '< 1500 ms');
  row('page start → basemap fully drawn', ms(layerStartRun.completeMs), ms(baselineStartRun.completeMs), '');
  row(`JS heap after ${memorySeconds} s live (start → end, peak)`, `${layer.heapStartMb.toFixed(0)}→${layer.heapEndMb.toFixed(0)} (${layer.heapPeakMb.toFixed(0)}) MB`, `${baseline.heapStartMb.toFixed(0)}→${baseline.heapEndMb.toFixed(0)} (${baseline.heapPeakMb.toFixed(0)}) MB`, '< 300 MB, flat');
  const f = layer.filter?.runs ?? [];
  console.log(`\nfilter + sort the device list over 50,000 devices: first (cold) ${ms(f[0] ?? NaN)}, median ${ms(median(f))}, max ${ms(Math.max(...f))} (goal < 30 ms); indexes built at load ${ms(layer.filter?.indexMs ?? NaN)}`);
} finally {
  server.close();
}
console.log('');
await firstPaintWarmCache();
