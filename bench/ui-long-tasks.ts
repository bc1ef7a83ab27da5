/**
 * `npm run bench:ui` phase "long tasks during a busy dispatch" (BENCH_ONLY=long-tasks; issue 12):
 * the real console (fleet cloud on embedded PostgreSQL, the simulator driving BENCH_LONGTASK_VEHICLES
 * units through real ingest, the engine with its SQLite cache, the web host serving the built
 * renderer, Chromium at 1920×1080). Maria's Gothenburg workspace is opened; once the map has painted
 * and the page has settled, a PerformanceObserver in the page counts main-thread long tasks
 * (> 50 ms) in two windows of BENCH_LONGTASK_SECONDS each: steady state (live updates only,
 * nobody touching anything) and busy (a dispatcher switching panels, selecting vehicles, searching
 * the list and working the alert inbox while the fleet keeps moving). Prints count, total and
 * longest per window with the load average. Asserts nothing.
 *
 * Also per window: the main thread's busy time (CDP TaskDuration) and, in steady state, that time
 * per live update (the web host's `onLivePositions` frames, counted on the page's WebSocket).
 *
 * Env: BENCH_LONGTASK_VEHICLES (1500 units in all, spread over the client accounts; the issue's
 * 10,000 needs BENCH_LONGTASK_VEHICLES=10000 and minutes of provisioning), BENCH_LONGTASK_SECONDS
 * (20), CHROMIUM_PATH, BENCH_CPU_PROFILE=<dir> (each window's renderer CPU profile, saved there
 * and summarised; the renderer is then built unminified so functions keep their names),
 * BENCH_LONGTASK_POPOUT=1 (a third window: steady state again with the map popped out at
 * 1920×1080, as on a second monitor; its page's long tasks are counted too),
 * BENCH_LONGTASK_BUSY=0 (skip the busy window), BENCH_LONGTASK_SETTLE_S (10: seconds left for start-up
 * after the first paint, and again after the pop-out opened, before a window is measured),
 * BENCH_LONGTASK_RENDERERS=name=dir,name=dir (A/B: measure these built renderers instead of
 * building this tree's, against the same fleet cloud and simulation, interleaved
 * BENCH_LONGTASK_ROUNDS (1) times: one load for both, provisioning paid once),
 * BENCH_LONGTASK_RENDERS=1 (which React components rendered in the steady window, counted through
 * React's devtools hook, per live update; names need an unminified build (RENDERER_UNMINIFIED=1
 * electron-vite build, or BENCH_CPU_PROFILE); the counting costs main-thread time, so take the
 * timings from a run without it), BENCH_TRACE_DIR=<dir> (each window's Chromium trace, saved there
 * and summarised, with the main thread's CPU time per live update: unlike busy time it does not
 * grow while the thread waits for a core, so it compares across loads), BENCH_LONGTASK_SELECT=1
 * (the first vehicle of the list selected before settling: its card and ring stay on screen),
 * BENCH_LONGTASK_FRESH_ENGINE=1 (every console measured gets an engine with a new profile, as on a
 * computer that never synced the workspace: its first fleet load falls back to the server's list
 * and the first sync follows; without it only the run's first console starts so, which makes an
 * A/B of BENCH_LONGTASK_RENDERERS unfair to the first renderer). The bridge traffic while
 * starting and settling is printed too: `fleet.snapshot` there is start-up, in a window it is not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { createServices } from '../electron/core/create-services.ts';
import { startWebHost } from '../electron/web-host/web-host.ts';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';
import { demoOperator, startSimulation } from '../simulator/simulation-runner.ts';
import { BridgeTraffic } from './bridge-traffic.ts';
import { traceCategories, traceLongTasks, traceSummary, traceTasks, traceThreadMs, type Trace } from './chromium-trace.ts';
import { profileSummary } from './cpu-profile.ts';

const root = join(import.meta.dirname, '..');
const chromiumArgs = ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const vehicles = Number(process.env.BENCH_LONGTASK_VEHICLES ?? 1500);
const seconds = Number(process.env.BENCH_LONGTASK_SECONDS ?? 20);
const cpuProfileDir = process.env.BENCH_CPU_PROFILE;
const withPopOut = process.env.BENCH_LONGTASK_POPOUT === '1';
const withBusy = process.env.BENCH_LONGTASK_BUSY !== '0';
const settleMs = Number(process.env.BENCH_LONGTASK_SETTLE_S ?? 10) * 1000;
const rounds = Number(process.env.BENCH_LONGTASK_ROUNDS ?? 1);
const countingRenders = process.env.BENCH_LONGTASK_RENDERS === '1';
const traceDir = process.env.BENCH_TRACE_DIR;
const selecting = process.env.BENCH_LONGTASK_SELECT === '1';
const freshEngine = process.env.BENCH_LONGTASK_FRESH_ENGINE === '1';
/** name → built renderer directory (BENCH_LONGTASK_RENDERERS), or this tree's build. */
const renderers: [string, string][] = process.env.BENCH_LONGTASK_RENDERERS
  ? process.env.BENCH_LONGTASK_RENDERERS.split(',').map((pair) => {
      const [name = '', dir = ''] = pair.split('=');
      return [name, dir];
    })
  : [['this tree', join(root, 'out/renderer')]];

/** What the page's observer saw in one window (the bench's tsconfig has no DOM types: the page side is plain). */
interface LongTasks {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Installed before the app's own scripts: every long task from the start, read and cleared per window. */
const observeLongTasks = () => {
  const scope = globalThis as unknown as { __longTasks: number[]; PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void } };
  scope.__longTasks = [];
  new scope.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) scope.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

/** The renderer's main-thread busy time so far (ms). */
async function taskMs(cdp: CDPSession): Promise<number> {
  return ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

/**
 * One measured window: long tasks (of every page given: the main window and a pop-out), the main
 * page's busy time, live updates received; with BENCH_CPU_PROFILE its profile.
 */
async function measureWindow(pages: Page[], cdp: CDPSession, updates: { count: number }, name: string, run: () => Promise<void>) {
  for (const page of pages) await takeLongTasks(page);
  if (cpuProfileDir) await cdp.send('Profiler.start');
  const browser = pages[0]?.context().browser();
  if (traceDir && browser) await browser.startTracing(pages[0], { categories: traceCategories });
  const busyBefore = await taskMs(cdp);
  const updatesBefore = updates.count;
  await run();
  const busyMs = (await taskMs(cdp)) - busyBefore;
  const liveUpdates = updates.count - updatesBefore;
  const each = await Promise.all(pages.map(takeLongTasks));
  const tasks = { count: each.reduce((a, t) => a + t.count, 0), totalMs: each.reduce((a, t) => a + t.totalMs, 0), maxMs: Math.max(0, ...each.map((t) => t.maxMs)) };
  if (cpuProfileDir) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(join(cpuProfileDir, `long-tasks-${name}.cpuprofile`), JSON.stringify(profile));
    console.log([`  profile of "${name}":`, ...profileSummary(profile, 12)].join('\n'));
  }
  // Thread CPU does not grow while the thread waits for a core: the figure to compare on a loaded machine.
  let cpuMs: number | null = null;
  let longByCpu: number | null = null;
  if (traceDir && browser) {
    const trace = await browser.stopTracing();
    await writeFile(join(traceDir, `long-tasks-${name}.json`), trace);
    const parsed = JSON.parse(trace.toString('utf8')) as Trace;
    cpuMs = traceThreadMs(parsed);
    const long = traceLongTasks(parsed);
    longByCpu = long.byCpu;
    console.log(
      [
        `  trace of "${name}" (renderer main thread):`,
        ...traceSummary(parsed, 16),
        '    tasks of 20 ms CPU or more:',
        ...traceTasks(parsed, 20),
        `    tasks over 50 ms of wall time: ${long.count}, of which over 50 ms of CPU: ${long.byCpu}`,
        ...long.lines,
      ].join('\n'),
    );
  }
  return { tasks, busyMs, liveUpdates, cpuMs, longByCpu };
}

/**
 * Installed before the app's scripts: times the page's handling of each live update, from the
 * WebSocket frame to the end of the microtasks it queued (decoding, the fleet store, its
 * subscribers), so the cost per update is measured apart from the map's animation frames.
 */
const timeLiveUpdates = () => {
  const scope = globalThis as unknown as {
    __liveUpdateMs: number[];
    WebSocket: { prototype: { addEventListener(type: string, listener: (event: { data: unknown }) => void, options?: unknown): void } };
  };
  scope.__liveUpdateMs = [];
  const original = scope.WebSocket.prototype.addEventListener;
  scope.WebSocket.prototype.addEventListener = function (this: unknown, type: string, listener: (event: { data: unknown }) => void, options?: unknown) {
    if (type !== 'message') return original.call(this, type, listener, options);
    return original.call(this, type, (event: { data: unknown }) => {
      const live = typeof event.data === 'string' && event.data.startsWith('{"type":"event","event":"onLivePositions"');
      const start = performance.now();
      listener(event);
      if (live) queueMicrotask(() => scope.__liveUpdateMs.push(performance.now() - start));
    }, options);
  };
};

/**
 * Installed before React loads: a stand-in for the React devtools hook that, on every commit,
 * counts the components whose render function ran (mounts included), by name. A subtree React
 * skipped keeps its old child fibers, so the walk stops where `child` did not change (as the
 * devtools do); a fiber in the rest rendered when it carries React's PerformedWork flag (1).
 */
const countRenders = () => {
  interface Fiber { tag: number; type: unknown; flags: number; child: Fiber | null; sibling: Fiber | null; alternate: Fiber | null }
  const scope = globalThis as unknown as { __renders: Record<string, number>; __REACT_DEVTOOLS_GLOBAL_HOOK__: object };
  scope.__renders = {};
  const components = new Set([0, 1, 11, 14, 15]);
  const nameOf = (type: unknown): string => {
    const t = type as { displayName?: string; name?: string; type?: unknown; render?: unknown } | null;
    return t?.displayName ?? (t?.name || (t?.type ? nameOf(t.type) : t?.render ? nameOf(t.render) : '(anonymous)'));
  };
  const visit = (fiber: Fiber) => {
    const before = fiber.alternate;
    if (components.has(fiber.tag) && (!before || fiber.flags & 1)) {
      const name = nameOf(fiber.type);
      scope.__renders[name] = (scope.__renders[name] ?? 0) + 1;
    }
    if (before && before.child === fiber.child) return;
    for (let child = fiber.child; child; child = child.sibling) visit(child);
  };
  let id = 0;
  scope.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => ++id,
    checkDCE: () => undefined,
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    onCommitFiberRoot: (_renderer: number, root: { current: Fiber }) => {
      for (let child = root.current.child; child; child = child.sibling) visit(child);
    },
  };
};

async function takeRenders(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as { __renders: Record<string, number> };
    const renders = scope.__renders;
    scope.__renders = {};
    return renders;
  });
}

async function takeLiveUpdateTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as { __liveUpdateMs: number[] }).__liveUpdateMs.splice(0));
}

async function takeLongTasks(page: Page): Promise<LongTasks> {
  const durations = await page.evaluate(() => {
    const scope = globalThis as unknown as { __longTasks: number[] };
    return scope.__longTasks.splice(0);
  });
  return { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...durations) };
}

/** A dispatcher's minute, compressed: panels, vehicles, search and inbox triage, in a loop until `until`. */
async function dispatch(page: Page, until: number): Promise<number> {
  let actions = 0;
  const rows = page.getByRole('table', { name: 'Vehicles' }).getByRole('row');
  for (let round = 0; Date.now() < until; round++) {
    await page.getByRole('tab', { name: /Alerts/ }).click();
    const inbox = page.getByRole('listbox', { name: 'Alerts' });
    if (await inbox.isVisible()) {
      await inbox.focus();
      for (const key of ['j', 'j', 'k', 'x', 'Escape']) await page.keyboard.press(key);
      actions += 5;
    }
    await rows.nth(1 + (round % 8)).click();
    await page.getByRole('tab', { name: /Trips/ }).click();
    const search = page.getByRole('searchbox', { name: 'Search vehicles' });
    await search.fill(round % 2 === 0 ? 'Truck' : 'Van');
    await search.fill('');
    actions += 5;
  }
  return actions;
}

export async function longTasksDuringDispatch(): Promise<void> {
  if (!process.env.BENCH_LONGTASK_RENDERERS) {
    execFileSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, stdio: 'ignore', env: { ...process.env, ...(cpuProfileDir ? { RENDERER_UNMINIFIED: '1' } : {}) } });
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-bench-longtasks-'));
  const profileDir = await mkdtemp(join(tmpdir(), 'fleet-bench-longtasks-profile-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  const simulation = await startSimulation({
    server: cloud.url, devices: vehicles, provision: true, operator: demoOperator, rateHz: 1, seed: 'long-tasks',
    geofences: true, statusEveryS: 3600, log: () => undefined,
  });
  const shared = createServices({ profileDir });
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const [name, rendererDir] of renderers) {
        console.log(`${name}${rounds > 1 ? `, round ${round}` : ''} (${rendererDir}${freshEngine ? ', fresh engine profile' : ''}):`);
        const label = `${name}-${round}`.replace(/[^\w-]+/g, '_');
        if (!freshEngine) {
          await measureConsole(shared, rendererDir, cloud.url, label);
          continue;
        }
        const ownDir = await mkdtemp(join(tmpdir(), 'fleet-bench-longtasks-profile-'));
        const own = createServices({ profileDir: ownDir });
        try {
          await measureConsole(own, rendererDir, cloud.url, label);
        } finally {
          await own.close();
          await rm(ownDir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await shared.close();
    await simulation.stop();
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(profileDir, { recursive: true, force: true });
  }
}

/** One console page (and with BENCH_LONGTASK_POPOUT its map pop-out) on a web host serving `rendererDir`. */
async function measureConsole(services: ReturnType<typeof createServices>, rendererDir: string, cloudUrl: string, label: string): Promise<void> {
  const host = await startWebHost({ services, rendererDir });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // On the context, so a popped-out window is observed from its first script too.
    await context.addInitScript(observeLongTasks);
    await context.addInitScript(timeLiveUpdates);
    if (countingRenders) await context.addInitScript(countRenders);
    const page = await context.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    if (cpuProfileDir) await cdp.send('Profiler.enable');
    // Live updates as they reach the page: the web host's event frames (one JSON text frame each).
    const updates = { count: 0 };
    const traffic = new BridgeTraffic().timing('fleet.snapshot()').timing('devices.list()').timing('onDevicesChanged');
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketFrameReceived', ({ response }) => {
      if (response.payloadData.startsWith('{"type":"event","event":"onLivePositions"')) updates.count++;
      else traffic.received(response.payloadData);
    });
    cdp.on('Network.webSocketFrameSent', ({ response }) => traffic.sent(response.payloadData));
    await page.goto(host.launchUrl);
    // The engine keeps its sign-in between the A/B rounds: the form shows only the first time.
    const active = page.getByTestId('active-workspace');
    const picker = page.getByText('Gothenburg Freight AB').first();
    const form = page.getByLabel('Server URL');
    await active.or(picker).or(form).first().waitFor({ timeout: 60_000 });
    if (await form.isVisible()) {
      await form.fill(cloudUrl);
      await page.getByLabel('Username').fill('maria');
      await page.getByLabel('Password').fill('demo-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await active.or(picker).first().waitFor({ timeout: 60_000 });
    if (!(await active.isVisible())) await picker.click();
    await page.waitForFunction(() => performance.getEntriesByName('fleet:vehicles-painted').length > 0, undefined, { timeout: 180_000 });
    // The vehicle card open on a live vehicle, as a dispatcher watching one.
    if (selecting) await page.getByRole('table', { name: 'Vehicles' }).getByRole('row').nth(1).click();
    // Start-up (style, shaders, first sync) is not what is measured: let it finish.
    await page.waitForTimeout(settleMs);
    await takeLiveUpdateTimes(page);
    if (countingRenders) await takeRenders(page);
    const startTraffic = traffic.take();
    const steadyStart = Date.now();
    const steady = await measureWindow([page], cdp, updates, `${label}-steady`, () => page.waitForTimeout(seconds * 1000));
    const renders = countingRenders ? Object.entries(await takeRenders(page)).sort((a, b) => b[1] - a[1]) : [];
    const handling = (await takeLiveUpdateTimes(page)).sort((a, b) => a - b);
    const steadyTraffic = traffic.take();
    let actions = 0;
    const busy = withBusy
      ? await measureWindow([page], cdp, updates, `${label}-busy`, async () => {
          actions = await dispatch(page, Date.now() + seconds * 1000);
        })
      : null;
    const busyTraffic = traffic.take();
    const line = (name: string, t: LongTasks) => `  ${name.padEnd(34)} ${String(t.count).padStart(4)} long tasks, ${t.totalMs.toFixed(0).padStart(6)} ms in all, longest ${t.maxMs.toFixed(0)} ms`;
    console.log(`long tasks (> 50 ms) on the console's main thread, ${vehicles} units at 1 Hz in all (Gothenburg Freight's share on screen), 1920×1080, ${seconds} s per window after ${settleMs / 1000} s to settle:`);
    console.log(line('steady state (live updates only)', steady.tasks));
    if (busy) console.log(line(`busy dispatch (${actions} actions)`, busy.tasks));
    console.log(`  main thread busy: steady ${steady.busyMs.toFixed(0)} ms (${steady.liveUpdates} live updates, ${(steady.busyMs / Math.max(1, steady.liveUpdates)).toFixed(1)} ms per update, frames included)${busy ? `, busy ${busy.busyMs.toFixed(0)} ms` : ''}`);
    if (steady.cpuMs !== null) {
      console.log(`  main thread CPU (trace): steady ${steady.cpuMs.toFixed(0)} ms, ${(steady.cpuMs / Math.max(1, steady.liveUpdates)).toFixed(1)} ms per update; tasks over 50 ms of CPU: ${steady.longByCpu}`);
    }
    const at = (q: number) => (handling[Math.min(handling.length - 1, Math.floor(handling.length * q))] ?? NaN).toFixed(1);
    console.log(`  handling one live update (frame → decoded → fleet store and its subscribers), steady: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms over ${handling.length}`);
    console.log(`  bridge traffic while starting and settling besides live positions: ${startTraffic || 'none'}`);
    console.log(`  bridge traffic in steady state besides live positions: ${steadyTraffic || 'none'}`);
    // Between +0 s and the window's length, a snapshot is a reload in steady state (issue 12).
    console.log(`  from the steady window's start: fleet.snapshot() answered at ${traffic.timesOf('fleet.snapshot()', steadyStart)}, devices.list() at ${traffic.timesOf('devices.list()', steadyStart)}; onDevicesChanged at ${traffic.timesOf('onDevicesChanged', steadyStart)}`);
    if (busy) console.log(`  bridge traffic during the busy dispatch: ${busyTraffic || 'none'}`);
    if (countingRenders) {
      const perUpdate = (n: number) => (n / Math.max(1, steady.liveUpdates)).toFixed(1);
      const all = renders.reduce((a, [, n]) => a + n, 0);
      console.log(`  React renders in steady state: ${all} (${perUpdate(all)} per live update); most: ${renders.slice(0, 12).map(([name, n]) => `${name} ${perUpdate(n)}`).join(', ')}`);
    }
    if (withPopOut) {
      const [popOut] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Open the map in a new window' }).click()]);
      await popOut.setViewportSize({ width: 1920, height: 1080 });
      await popOut.waitForFunction(() => performance.getEntriesByName('fleet:vehicles-painted').length > 0, undefined, { timeout: 180_000 });
      await popOut.waitForTimeout(settleMs);
      const popCdp = await context.newCDPSession(popOut);
      await popCdp.send('Performance.enable');
      const popBusyBefore = await taskMs(popCdp);
      const both = await measureWindow([page, popOut], cdp, updates, `${label}-pop-out`, () => page.waitForTimeout(seconds * 1000));
      const popBusy = (await taskMs(popCdp)) - popBusyBefore;
      console.log(line('steady, map popped out (both pages)', both.tasks));
      console.log(
        `  main thread busy with the pop-out: main page ${both.busyMs.toFixed(0)} ms, pop-out page ${popBusy.toFixed(0)} ms (${both.liveUpdates} live updates: ${(both.busyMs / Math.max(1, both.liveUpdates)).toFixed(1)} and ${(popBusy / Math.max(1, both.liveUpdates)).toFixed(1)} ms per update, frames included)`,
      );
    }
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await browser.close();
    await host.close();
  }
}
