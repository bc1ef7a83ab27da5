/**
 * Part of `npm run bench:engine`: the engine as it ships, built by `npm run build`, in both hosts.
 *   - engine process: out/engine-host/index.js started as Electron's main starts it (same entry,
 *     same arguments, same control protocol), here as a Node child process; RSS with three
 *     10k-vehicle workspaces opened through the bridge (goal < 150 MB)
 *   - web host: out/web-host/index.js, the process `npm start` / `npm run console:web` run,
 *     driven over its WebSocket like the browser; same workspaces (goal < 150 MB)
 *   - responsiveness: the host-side event-loop delay while the engine opens a cached
 *     86,400-point track and a 10k-vehicle snapshot, with the engine in the same process (the
 *     old Electron main, the web host) and in its own process (Electron now)
 * Sign-ins are restored from the OS keychain, as on a desktop: run through `npm run bench:engine`,
 * which gives this script a private keyring (scripts/with-keyring.ts). Prints figures with the
 * load average; never fails on timing.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { buildConsoleBridge } from '../contract/bridge/build-bridge.ts';
import type { BridgeCall } from '../contract/bridge/console-bridge.ts';
import { createMessageTransport } from '../contract/bridge/message-transport.ts';
import { readHostMessage } from '../contract/bridge/transport.ts';
import { applyLatestPositions } from '../electron/core/cache/positions-store.ts';
import { WorkspaceCache } from '../electron/core/cache/workspace-cache.ts';
import { CacheRegistry } from '../electron/core/cache/cache-registry.ts';
import { createServices } from '../electron/core/create-services.ts';
import { openKeychainVault } from '../electron/core/vault/keychain-vault.ts';
import { vaultFileName } from '../electron/core/vault/open-vault.ts';
import { AesGcmCipher } from '../electron/core/vault/test-cipher.ts';
import { EngineSupervisor } from '../electron/engine-host/engine-supervisor.ts';
import { nodeEngineLauncher, workerEngineLauncher } from '../electron/engine-host/node-launcher.ts';
import { transportOverPort } from '../electron/engine-host/port-client.ts';
import { startWebHostProcess, webHostBundle } from '../electron/web-host/web-host-process.ts';
import { accountId, createBenchProfile, heavyWork, liveSecond, openWorkspaces, serverUrl, username, type BenchProfile } from './engine-profile.ts';

const root = join(import.meta.dirname, '..');
const engineEntry = join(root, 'out/engine-host/index.js');
const webHostEntry = webHostBundle;
for (const entry of [engineEntry, webHostEntry]) {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm run bench:engine does).`);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const line = (name: string, value: number, unit: string, goal?: number) =>
  console.log(`${name.padEnd(62)} ${value.toFixed(1).padStart(8)} ${unit}${goal === undefined ? '' : `  (goal < ${goal} ${unit}) ${value < goal ? 'OK' : 'OVER'}`}`);

/** VmRSS (now) and VmHWM (peak) of another process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The host's event-loop delay (max, p99) while `work` runs. */
async function loopDelayDuring(work: () => Promise<void>): Promise<{ max: number; p99: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  await work();
  histogram.disable();
  return { max: histogram.max / 1e6, p99: histogram.percentile(99) / 1e6 };
}

const profile = createBenchProfile();
const keychain = await openKeychainVault();
if (!keychain.ok) throw new Error(`bench:engine restores sign-ins from the OS keychain, which is not available: ${keychain.reason}. Run it through "npm run bench:engine".`);
await keychain.vault.write(accountId, 'bench-refresh-token');
// The same sign-in sealed for the encrypted-file vault, for an engine that cannot reach the keychain.
const sealingCipher = new AesGcmCipher();
writeFileSync(join(profile.profileDir, vaultFileName), JSON.stringify({ version: 1, entries: { [accountId]: sealingCipher.encrypt('bench-refresh-token').toString('base64') } }), { mode: 0o600 });
console.log(`load average at start: ${load()}`);

try {
  // 1. The engine in the host's own process, as the Electron main ran it before and the web host still does.
  {
    const services = createServices({ vault: keychain.vault, profileDir: profile.profileDir, logError: () => undefined });
    await services.ready;
    // No events are needed here: the bridge's calls straight into the router, as the old main's IPC handlers made them.
    const bridge = buildConsoleBridge(((method, input) => services.route(method, input)) as BridgeCall, () => () => undefined);
    await openWorkspaces(bridge, profile);
    const inProcess = await loopDelayDuring(() => heavyWork(bridge, profile));
    await services.close();
    // Applying one second of live positions for 10,000 vehicles is the same kind of synchronous
    // SQLite work; it arrives from the live stream, which needs a fleet cloud, so it is applied
    // here directly (the engine's own function) to show what it costs a process that also hosts windows.
    const cache = new WorkspaceCache(new CacheRegistry(profile.profileDir).fileFor({ serverUrl, username, tenantId: profile.workspaceIds[0]?.split(':')[1] ?? '' }));
    const ids = cache.devices().map((d) => d.id);
    const applying = await loopDelayDuring(async () => {
      for (let s = 0; s < 5; s++) {
        applyLatestPositions(cache.db, liveSecond(ids, Date.now() + s * 1000), 1000 + s);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    cache.close();
    console.log('engine in the host process (Electron main before, the web host now):');
    line('  host event-loop delay, track + snapshot ×5, max', inProcess.max, 'ms');
    line('  host event-loop delay, track + snapshot ×5, p99', inProcess.p99, 'ms');
    line('  host event-loop delay, apply 10,000 live positions ×5, max', applying.max, 'ms');
  }

  // 2. The engine process as Electron's main runs it.
  {
    const engine = new EngineSupervisor({
      launch: nodeEngineLauncher({ entry: engineEntry, profileDir: profile.profileDir, cipherAvailable: false }),
      cipher: null,
    });
    engine.start();
    await new Promise<void>((resolve) => engine.onChange((state) => state === 'ready' && resolve()));
    if (engine.vault !== 'keychain') throw new Error(`the engine process restored from ${engine.vault ?? 'nothing'}, not the keychain`);
    const port = engine.connect();
    if (!port || !engine.pid) throw new Error('engine not connected');
    const transport = transportOverPort(port);
    const bridge = buildConsoleBridge(transport.call, transport.subscribe);
    await openWorkspaces(bridge, profile);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memory = memoryOf(engine.pid);
    await engine.stop();
    console.log(`engine process (${engineEntry.replace(`${root}/`, '')}, as utilityProcess.fork runs it):`);
    line('  RSS, 3 workspaces opened (10k vehicles each)', memory.rss, 'MB', 150);
    line('  RSS peak (VmHWM)', memory.peak, 'MB', 150);
  }

  // The floor: what this thread's event loop shows with nothing to do on this (shared) machine.
  {
    const idle = await loopDelayDuring(() => new Promise((resolve) => setTimeout(resolve, 2_000)));
    console.log('this thread idle for 2 s (noise floor of the machine):');
    line('  event-loop delay, max', idle.max, 'ms');
    line('  event-loop delay, p99', idle.p99, 'ms');
  }

  // 2b. Responsiveness of the split: the same entry in a worker thread, the renderer's calls from
  // another worker on a port straight to it, so this thread does only what Electron's main does.
  {
    const engine = new EngineSupervisor({ launch: workerEngineLauncher({ entry: engineEntry, profileDir: profile.profileDir, cipherAvailable: true }), cipher: sealingCipher });
    engine.start();
    await new Promise<void>((resolve) => engine.onChange((state) => state === 'ready' && resolve()));
    const port = engine.connect();
    if (!port) throw new Error('engine not connected');
    const split = await loopDelayDuring(async () => {
      const renderer = new Worker(join(import.meta.dirname, 'engine-renderer-worker.ts'), {
        workerData: { port, workspaceIds: profile.workspaceIds, tripId: profile.tripId }, transferList: [port],
      });
      await new Promise((resolve, reject) => renderer.once('message', resolve).once('error', reject));
      await renderer.terminate();
    });
    await engine.stop();
    console.log(`engine in its own thread (${engine.vault ?? 'no'} vault), renderer in another, this thread as Electron's main:`);
    line('  main event-loop delay, track + snapshot ×5, max', split.max, 'ms');
    line('  main event-loop delay, track + snapshot ×5, p99', split.p99, 'ms');
  }

  // 3. The web host bundle, driven like the browser.
  {
    const memory = await webHostMemory(profile);
    console.log(`web host (${webHostEntry.replace(`${root}/`, '')}):`);
    line('  RSS, 3 workspaces opened (10k vehicles each)', memory.rss, 'MB', 150);
    line('  RSS peak (VmHWM)', memory.peak, 'MB', 150);
  }
} finally {
  await keychain.vault.remove(accountId);
  rmSync(profile.profileDir, { recursive: true, force: true });
  console.log(`load average at end: ${load()}`);
}

async function webHostMemory(profile: BenchProfile): Promise<{ rss: number; peak: number }> {
  const host = await startWebHostProcess({ profileDir: profile.profileDir });
  try {
    const origin = new URL(host.launchUrl).origin;
    const cookie = (await fetch(host.launchUrl, { redirect: 'manual' })).headers.get('set-cookie')?.split(';')[0] ?? '';
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, { headers: { cookie, origin } });
    const transport = createMessageTransport({ code: 'internal', message: 'web host closed' });
    socket.on('message', (data: Buffer) => {
      const message = readHostMessage(JSON.parse(data.toString()));
      if (message) transport.receive(message);
    });
    socket.on('close', () => transport.lose());
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    transport.attach((message) => socket.send(JSON.stringify(message)));
    await openWorkspaces(buildConsoleBridge(transport.call, transport.subscribe), profile);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memory = memoryOf(host.pid);
    socket.close();
    return memory;
  } finally {
    await host.stop();
  }
}
