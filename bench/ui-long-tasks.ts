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
 * Env: BENCH_LONGTASK_VEHICLES (1500 units in all, spread over the client accounts; the issue's
 * 10,000 needs BENCH_LONGTASK_VEHICLES=10000 and minutes of provisioning), BENCH_LONGTASK_SECONDS
 * (20), CHROMIUM_PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createServices } from '../electron/core/create-services.ts';
import { startWebHost } from '../electron/web-host/web-host.ts';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';
import { demoOperator, startSimulation } from '../simulator/simulation-runner.ts';

const root = join(import.meta.dirname, '..');
const chromiumArgs = ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const vehicles = Number(process.env.BENCH_LONGTASK_VEHICLES ?? 1500);
const seconds = Number(process.env.BENCH_LONGTASK_SECONDS ?? 20);

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
  execFileSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, stdio: 'ignore' });
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-bench-longtasks-'));
  const profileDir = await mkdtemp(join(tmpdir(), 'fleet-bench-longtasks-profile-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  const simulation = await startSimulation({
    server: cloud.url, devices: vehicles, provision: true, operator: demoOperator, rateHz: 1, seed: 'long-tasks',
    geofences: true, statusEveryS: 3600, log: () => undefined,
  });
  const services = createServices({ profileDir });
  const host = await startWebHost({ services, rendererDir: join(root, 'out/renderer') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(observeLongTasks);
    await page.goto(host.launchUrl);
    await page.getByLabel('Server URL').fill(cloud.url);
    await page.getByLabel('Username').fill('maria');
    await page.getByLabel('Password').fill('demo-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const active = page.getByTestId('active-workspace');
    const picker = page.getByText('Gothenburg Freight AB').first();
    await active.or(picker).first().waitFor({ timeout: 60_000 });
    if (!(await active.isVisible())) await picker.click();
    await page.waitForFunction(() => performance.getEntriesByName('fleet:vehicles-painted').length > 0, undefined, { timeout: 180_000 });
    // Start-up (style, shaders, first sync) is not what is measured: let it finish.
    await page.waitForTimeout(10_000);
    await takeLongTasks(page);
    await page.waitForTimeout(seconds * 1000);
    const steady = await takeLongTasks(page);
    const actions = await dispatch(page, Date.now() + seconds * 1000);
    const busy = await takeLongTasks(page);
    const line = (name: string, t: LongTasks) => `  ${name.padEnd(34)} ${String(t.count).padStart(4)} long tasks, ${t.totalMs.toFixed(0).padStart(6)} ms in all, longest ${t.maxMs.toFixed(0)} ms`;
    console.log(`long tasks (> 50 ms) on the console's main thread, ${vehicles} units at 1 Hz in all (Gothenburg Freight's share on screen), 1920×1080, ${seconds} s per window:`);
    console.log(line('steady state (live updates only)', steady));
    console.log(line(`busy dispatch (${actions} actions)`, busy));
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await browser.close();
    await host.close();
    await services.close();
    await simulation.stop();
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(profileDir, { recursive: true, force: true });
  }
}
