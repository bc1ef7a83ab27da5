/**
 * `npm run bench:ingest` — first the issue's steady load (10,000 devices reporting once a second:
 * report-to-console-socket latency and the server's memory), then sustained ingest throughput
 * through the whole pipeline (validation, device resolution, positions, latest state, trips,
 * rules, stream log) with CPU per stage, then PostgreSQL's cost per statement of one batch.
 * Between them, the phone phases (bench/ingest-phones.ts): one OsmAnd request per fix, open loop,
 * at 1 Hz per unit and then stepped up to the highest rate the server sustains.
 * Every phase's stored fixes are counted in the database and compared with what was acknowledged.
 * Prints figures; asserts nothing. Env: BENCH_DEVICES, BENCH_SECONDS (throughput phase),
 * BENCH_LATENCY_SECONDS (steady phase), BENCH_PHONE_SECONDS, BENCH_PHONE_CONNECTIONS,
 * BENCH_PHONE_RATES (comma-separated steps of the maximum phase), BENCH_PHONE_STEP_SECONDS,
 * BENCH_PHASES (comma-separated subset of steady,phones,phones-max,batch,explain), BENCH_STATEMENTS,
 * BENCH_PROFILE (a CPU profile per phase), BENCH_HEAP, BENCH_NODE_FLAGS, BENCH_LANES, BENCH_LOG_LEVEL,
 * BENCH_MONITORING_JOBS=0 (the server without its background jobs: the daily figures job among them).
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { WebSocket } from 'ws';
import { signAccessToken } from '../server/auth/access-token.ts';
import { demoAccounts } from '../demo/demo-accounts.ts';
import { createFleet, recordOf, seededRandom, step, type Vehicle } from './fleet-motion.ts';
import type { StatementFigure } from './pg-explain.ts';
import { clusterCpuSeconds, postmasterOf, samplePostgresCpu } from './pg-process-cpu.ts';
import { percentile, runPhones, type PhoneFigures } from './ingest-phones.ts';
import { serverMessages } from './server-messages.ts';
import { formatSummary, formatTotals, summarize, type CpuProfile } from './cpu-profile-summary.ts';
import { formatHeap, summarizeHeap, type HeapSnapshot } from './heap-summary.ts';

const devices = Number(process.env.BENCH_DEVICES ?? 10_000);
const throughputSeconds = Number(process.env.BENCH_SECONDS ?? 20);
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const phoneSeconds = Number(process.env.BENCH_PHONE_SECONDS ?? 20);
const phoneConnections = Number(process.env.BENCH_PHONE_CONNECTIONS ?? 512);
const phoneRates = (process.env.BENCH_PHONE_RATES ?? '10000,15000,20000,25000,30000').split(',').map(Number).filter((n) => n > 0);
const phoneStepSeconds = Number(process.env.BENCH_PHONE_STEP_SECONDS ?? 10);
const phases = new Set((process.env.BENCH_PHASES ?? 'steady,phones,phones-max,batch,explain').split(',').map((p) => p.trim()));
const batchSize = 1000;
const clients = 4;

type Ready = { type: 'ready'; url: string; tenant: string; signingKey: string; pgPid: number };
type Stats = { type: 'stats'; stages: Record<string, number>; calls: Record<string, number>; cpu: NodeJS.CpuUsage; rss: number; memory: NodeJS.MemoryUsage };
// BENCH_PROFILE=<dir>: a V8 CPU profile of the server per phase, written there as <phase>.cpuprofile
// (load it in DevTools) and summarised after the phase (bench/cpu-profile-summary.ts).
const profileDir = process.env.BENCH_PROFILE;
// The server runs with the V8 flags `npm run server` gives the deployed fleet cloud (package.json),
// or BENCH_NODE_FLAGS instead when set (to compare settings).
const serverScript = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts.server ?? '';
const nodeFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? serverScript.split(' ').filter((word) => word.startsWith('--'));
const server = fork(new URL('./ingest-server.ts', import.meta.url), { env: { ...process.env, BENCH_DEVICES: String(devices) }, execArgv: [...process.execArgv, ...nodeFlags], stdio: 'inherit' });
const { next, ask } = serverMessages(server);
const ready = await next<Ready>('ready');

const postmasterPid = () => postmasterOf(ready.pgPid);
const postgresCpuSeconds = () => clusterCpuSeconds(postmasterPid());

// Vehicles that move plausibly (fleet-motion.ts): each device's fixes are 1 s of device time
// apart and in order, as a real tracker's are; each client owns a quarter of the fleet.
const random = seededRandom(42);
const fleet = createFleet(devices, random);
let overloaded = 0;
async function post(records: object[]): Promise<number> {
  const response = await fetch(`${ready.url}/api/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  if (response.status === 503) {
    // Over capacity (bounded ingest queue): retry after a pause, as a device would. The
    // server's Retry-After (5 s) suits phones; a gateway replaying a backlog retries sooner.
    await response.arrayBuffer();
    overloaded += 1;
    await new Promise((r) => setTimeout(r, 200));
    return post(records);
  }
  const body = (await response.json()) as { stored: number; rejected: unknown[] };
  if (response.status !== 200 || body.rejected.length) throw new Error(`ingest failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.stored;
}

console.log(`Fleet cloud ingest benchmark — ${devices} devices moving along plausible paths, batches of ${batchSize}, ${clients} concurrent clients; server flags: ${nodeFlags.join(' ') || 'none'}`);
const startRss = (await ask<Stats>('stats')).rss;
// Each vehicle's device clock: its fixes are 1 s apart and in order across all phases.
const lastFix = new Map<Vehicle, number>();
const nextFix = (v: Vehicle) => {
  const t = (lastFix.get(v) ?? Date.now() - 10_000) + 1000;
  lastFix.set(v, t);
  return t;
};
await post(fleet.map((v) => recordOf(v, nextFix(v)))); // first fix per device
await ask('reset');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;

// One console on the stream for the whole run: report → console socket latency is measured in
// the windows that ask for it (a position's latency: when it reached the socket − its fix time).
const now = Math.floor(Date.now() / 1000);
const token = signAccessToken({ sub: demoAccounts.sofia.id, tid: ready.tenant, role: 'admin', gids: null, iat: now, exp: now + 3600 }, ready.signingKey);
const socket = new WebSocket(`${ready.url.replace('http', 'ws')}/api/stream?access_token=${token}`);
let socketLatencies: number[] | null = null;
socket.on('message', (data: Buffer) => {
  if (!socketLatencies) return;
  const message = JSON.parse(data.toString()) as { type: string; positions?: { fixTime: number }[] };
  if (message.type !== 'positions' || !message.positions) return;
  const received = Date.now();
  for (const p of message.positions) socketLatencies.push(received - p.fixTime);
});
await new Promise((resolve) => socket.once('open', resolve));

/** With BENCH_PROFILE: profiles the server from now; the returned function stops and prints the summary. */
async function profilePhase(phase: string): Promise<() => Promise<void>> {
  if (!profileDir) return async () => {};
  mkdirSync(profileDir, { recursive: true });
  await ask('profile-start');
  return async () => {
    const file = `${profileDir}/${phase.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
    const written = next('profile-stop');
    server.send({ type: 'profile-stop', file });
    await written;
    const summary = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    console.log(`  Server CPU profile of this phase (${file}):`);
    for (const line of [...formatSummary(summary, 25), ...formatTotals(summary, 25)]) console.log(`    ${line}`);
  };
}

/** CPU of the server, PostgreSQL and this load generator from now until `stop()` (and its profile, with BENCH_PROFILE). */
async function cpuWindow(phase: string) {
  const printProfile = await profilePhase(phase);
  const first = await ask<Stats>('stats');
  const server0 = first.cpu;
  const pg0 = postgresCpuSeconds();
  const pgByKind = samplePostgresCpu(postmasterPid());
  const own0 = process.cpuUsage();
  const wall0 = performance.now();
  return async () => {
    const stats = await ask<Stats>('stats');
    const pgKinds = pgByKind.stop();
    const own = process.cpuUsage(own0);
    return {
      wall: (performance.now() - wall0) / 1000,
      server: (stats.cpu.user + stats.cpu.system - server0.user - server0.system) / 1e6,
      postgres: postgresCpuSeconds() - pg0,
      generator: (own.user + own.system) / 1e6,
      /** Tenant transactions the pipeline ran (flushes × tenants in them). */
      transactions: (stats.calls.transaction ?? 0) - (first.calls.transaction ?? 0),
      stats,
      printProfile,
      /** PostgreSQL's CPU seconds by kind of process (client backends, autovacuum, WAL writer, …). */
      pgKinds,
    };
  };
}
type Cpu = Awaited<ReturnType<Awaited<ReturnType<typeof cpuWindow>>>>;
const pgKindsLine = (kinds: Map<string, number>, fixes: number) =>
  `PostgreSQL CPU by process: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([kind, s]) => `${kind} ${((s / Math.max(1, fixes)) * 1e6).toFixed(0)} µs/fix`).join(', ')}`;
const cpuLine = (cpu: Cpu, fixes: number) => {
  const us = (s: number) => ((s / Math.max(1, fixes)) * 1e6).toFixed(0);
  const share = (s: number) => `${((s / cpu.wall) * 100).toFixed(0)}%`;
  return `CPU: server ${share(cpu.server)} of a core, PostgreSQL ${share(cpu.postgres)}, load generator ${share(cpu.generator)}; per fix ${us(cpu.server + cpu.postgres)} µs (server ${us(cpu.server)} + PostgreSQL ${us(cpu.postgres)}; generator ${us(cpu.generator)}); ${(fixes / Math.max(1, cpu.transactions)).toFixed(1)} fixes per ingest transaction`;
};

/**
 * Fixes of the bench units in the database, counted by the owner after the pipeline drained,
 * and the alert sightings (occurrences) their rules raised: the load's share of alert writes.
 */
type Counted = { stored: number; sightings: number };
const storedInDatabase = async () => {
  const { stored, sightings } = await ask<Counted & { type: string }>('count');
  return { stored, sightings };
};
/** Prints whether the database holds exactly what a phase was told was stored. */
function checkCount(phase: string, acknowledged: number, before: Counted, after: Counted): void {
  const stored = after.stored - before.stored;
  const verdict = stored === acknowledged ? 'equal' : stored > acknowledged ? `${stored - acknowledged} MORE stored than acknowledged` : `${acknowledged - stored} acknowledged fixes MISSING`;
  const sightings = after.sightings - before.sightings;
  console.log(`Database check (${phase}): ${acknowledged.toLocaleString('en')} acknowledged, ${stored.toLocaleString('en')} new rows in positions — ${verdict}; alert sightings raised ${sightings.toLocaleString('en')} (${((sightings / Math.max(1, stored)) * 1000).toFixed(1)} per 1,000 fixes)`);
}

// ---- 1. steady state: N devices × 1 Hz in batches (latency and memory at the issue's fleet size)
if (phases.has('steady')) {
  const before = await storedInDatabase();
  // Each device reports once a second; gateways forward them in 10 slices per second.
  const slices = 10;
  const perSlice = Math.ceil(devices / slices);
  let slice = 0;
  let acknowledged = 0;
  const sendSlice = async () => {
    const t = Date.now();
    const from = (slice++ % slices) * perSlice;
    const part = fleet.slice(from, from + perSlice);
    for (const v of part) step(v, 1, random);
    // Not `acknowledged += await post(…)`: that reads the sum before the await, and concurrent
    // slices overwrite each other's additions (the database check caught it).
    const n = await post(part.map((v) => {
      lastFix.set(v, t);
      return recordOf(v, t);
    }));
    acknowledged += n;
  };
  socketLatencies = [];
  const stop = await cpuWindow('steady');
  const latencyEnd = Date.now() + latencySeconds * 1000;
  const inflight: Promise<void>[] = [];
  while (Date.now() < latencyEnd) {
    inflight.push(sendSlice());
    await new Promise((r) => setTimeout(r, 1000 / slices));
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 500));
  const latencies = socketLatencies.sort((a, b) => a - b);
  socketLatencies = null;
  const cpu = await stop();
  const rss = cpu.stats.rss;
  console.log(`\nLatency report → console socket, ${devices} devices at 1 Hz in batches (${latencies.length.toLocaleString('en')} fixes): p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${latencies[latencies.length - 1]} ms; ${load()}`);
  // The open-loop phase offers exactly N fixes/s; its CPU per fix is the figure at that load.
  console.log(cpuLine(cpu, latencies.length));
  const m = cpu.stats.memory;
  console.log(`Server RSS at ${devices} devices × 1 Hz: ${mb(rss)} (at start ${mb(startRss)}; JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)}); requests answered 503 (over capacity, retried): ${overloaded}`);
  await cpu.printProfile();
  checkCount('steady', acknowledged, before, await storedInDatabase());
}

/** BENCH_STATEMENTS: PostgreSQL's figures per statement since the last 'reset'. */
async function printStatements(phase: string): Promise<void> {
  if (!process.env.BENCH_STATEMENTS) return;
  const { rows } = await ask<{ rows: { calls: number; rows: number; exec_ms: number; plan_ms: number; query: string }[] }>('statements');
  console.log(`PostgreSQL statements during ${phase} (pg_stat_statements; exec + plan ms, calls, rows):`);
  for (const r of rows) console.log(`  ${String(r.exec_ms).padStart(6)} + ${String(r.plan_ms).padStart(5)} ms ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(7)} rows  ${r.query}`);
}

// ---- phones: one OsmAnd request per fix, open loop (bench/ingest-phones.ts)
const phoneLine = (f: PhoneFigures) => {
  const refused = [...f.refused].map(([status, n]) => `${n} × ${status === 0 ? 'connection error' : status}`).join(', ') || 'none';
  return `${f.acknowledged.toLocaleString('en')} of ${f.offered.toLocaleString('en')} acknowledged (${Math.round(f.rate).toLocaleString('en')}/s); ack latency p50 ${percentile(f.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(f.latencies, 0.99).toFixed(1)} ms, max ${(f.latencies[f.latencies.length - 1] ?? Number.NaN).toFixed(0)} ms; refused: ${refused}`;
};
if (phases.has('phones')) {
  if (process.env.BENCH_STATEMENTS) await ask('reset');
  const before = await storedInDatabase();
  socketLatencies = [];
  const stop = await cpuWindow('phones');
  const figures = await runPhones({ url: ready.url, units: fleet, rate: devices, seconds: phoneSeconds, connections: phoneConnections, lastFix, random });
  await new Promise((r) => setTimeout(r, 500));
  const latencies = socketLatencies.sort((a, b) => a - b);
  socketLatencies = null;
  const cpu = await stop();
  console.log(`\nPhones, one fix per request: ${devices} units at 1 Hz, open loop, ${phoneConnections} connections, ${phoneSeconds} s; ${load()}`);
  console.log(`  ${phoneLine(figures)}`);
  console.log(`  Report → console socket (${latencies.length.toLocaleString('en')} fixes): p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${latencies[latencies.length - 1]} ms`);
  console.log(`  ${cpuLine(cpu, figures.acknowledged)}; server RSS ${mb(cpu.stats.rss)} (JS heap ${mb(cpu.stats.memory.heapUsed)} used of ${mb(cpu.stats.memory.heapTotal)}, external ${mb(cpu.stats.memory.external)})`);
  console.log(`  ${pgKindsLine(cpu.pgKinds, figures.acknowledged)}`);
  await printStatements('the phones at 1 Hz');
  await cpu.printProfile();
  checkCount('phones at 1 Hz', figures.acknowledged, before, await storedInDatabase());
}
if (phases.has('phones-max')) {
  // Stepped open-loop rates: the highest step whose every report was acknowledged, at the rate
  // offered, with p99 under a second (a queue that is not growing) is the sustained maximum.
  // Fixes 200 ms apart in device time: above 5 Hz per unit a unit's clock would pass the wall
  // clock and the server refuses fixes from the future (decision 0113).
  console.log(`\nPhones, one fix per request, stepped open-loop rates over ${devices} units, ${phoneConnections} connections, ${phoneStepSeconds} s per step:`);
  const before = await storedInDatabase();
  let acknowledged = 0;
  let sustained = 0;
  for (const rate of phoneRates) {
    const stop = await cpuWindow(`phones-${rate}`);
    const f = await runPhones({ url: ready.url, units: fleet, rate, seconds: phoneStepSeconds, connections: phoneConnections, fixSpacingMs: 200, lastFix, random });
    const cpu = await stop();
    acknowledged += f.acknowledged;
    const held = f.acknowledged === f.offered && f.rate >= rate * 0.97 && percentile(f.latencies, 0.99) < 1000;
    console.log(`  offered ${rate.toLocaleString('en')}/s: ${phoneLine(f)} — ${held ? 'sustained' : 'NOT sustained'}; ${load()}`);
    console.log(`    ${cpuLine(cpu, f.acknowledged)}`);
    await cpu.printProfile();
    if (!held) break;
    sustained = rate;
  }
  console.log(`  Highest sustained step: ${sustained ? `${sustained.toLocaleString('en')} fixes/s` : 'none'}`);
  checkCount('phones, stepped', acknowledged, before, await storedInDatabase());
}
socket.close();

if (phases.has('batch')) {
  // ---- 2. sustained throughput (closed loop: as fast as the server answers)
  // After the steady phase: device clocks run ahead of the wall clock here when the server takes
  // more than N fixes a second (each vehicle then reports more than once a second). The server
  // refuses fixes more than 30 s ahead (decision 0113): keep BENCH_SECONDS × (throughput / N − 1)
  // under that, or the tail of the phase is refused (the bench then stops with the refusal).
  await ask('reset');
  const batchBefore = await storedInDatabase();
  const printProfile = await profilePhase('batch');
  const cpu0 = (await ask<Stats>('stats')).cpu;
  const pg0 = postgresCpuSeconds();
  const pgByKind = samplePostgresCpu(postmasterPid());
  let stored = 0;
  const start = performance.now();
  const deadline = start + throughputSeconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const own = fleet.filter((_, i) => i % clients === c);
    let cursor = 0;
    while (performance.now() < deadline) {
      const batch = Array.from({ length: Math.min(batchSize, own.length) }, () => own[cursor++ % own.length] as Vehicle);
      for (const v of batch) step(v, 1, random);
      // Not `stored += await post(…)`: that reads `stored` before the await, and the four clients'
      // concurrent additions overwrite each other (earlier rounds under-counted ≈ 4×).
      const n = await post(batch.map((v) => recordOf(v, nextFix(v))));
      stored += n;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const stats = await ask<Stats>('stats');
  const nodeCpu = (stats.cpu.user + stats.cpu.system - cpu0.user - cpu0.system) / 1e6;
  const pgCpu = postgresCpuSeconds() - pg0;
  const pgKinds = pgByKind.stop();
  console.log(`\nThroughput: ${Math.round(stored / seconds).toLocaleString('en')} positions/s sustained (${stored.toLocaleString('en')} in ${seconds.toFixed(1)} s)`);
  console.log(`CPU: server process ${(nodeCpu / seconds * 100).toFixed(0)}% of a core, PostgreSQL ${(pgCpu / seconds * 100).toFixed(0)}% of a core (2 cores total)`);
  // The machine is shared: when other work takes CPU, wall-clock throughput drops. CPU per fix
  // (server + PostgreSQL, all its processes) does not, and says what two free cores would do.
  const cpuPerFixUs = ((nodeCpu + pgCpu) / stored) * 1e6;
  console.log(`CPU per fix: ${cpuPerFixUs.toFixed(0)} µs (server ${((nodeCpu / stored) * 1e6).toFixed(0)} + PostgreSQL ${((pgCpu / stored) * 1e6).toFixed(0)}) ≈ ${Math.round(2e6 / cpuPerFixUs).toLocaleString('en')} fixes/s if both cores were free; load average now ${loadavg()[0]?.toFixed(1)}`);
  console.log(pgKindsLine(pgKinds, stored));
  await printStatements('the throughput phase');
  const stageTotal = Object.values(stats.stages).reduce((a, b) => a + b, 0);
  console.log('Server wall time per pipeline stage (database stages include PostgreSQL round trips):');
  for (const [stage, ms] of Object.entries(stats.stages)) console.log(`  ${stage.padEnd(16)} ${(ms / stageTotal * 100).toFixed(1).padStart(5)}%  ${(ms / 1000).toFixed(2)} s`);
  await printProfile();
  checkCount('batches', stored, batchBefore, await storedInDatabase());
}

if (phases.has('explain')) {
  // ---- PostgreSQL's side: every statement of one 1,000-fix batch under EXPLAIN ANALYZE (rolled back)
  const sample = fleet.slice(0, batchSize);
  // The next fix of each vehicle on the throughput run's clock: a steady-state batch. (A batch an
  // hour later in device time, as round 1 used, closes every trip at once and overstated trips.)
  for (const v of sample) step(v, 1, random);
  const explained = await new Promise<{ figures: StatementFigure[]; error?: string }>((resolve) => {
    const on = (m: { type: string }) => { if (m.type === 'explain') { server.off('message', on); resolve(m as unknown as { figures: StatementFigure[]; error?: string }); } };
    server.on('message', on);
    server.send({ type: 'explain', records: sample.map((v) => recordOf(v, (lastFix.get(v) ?? Date.now()) + 1000)) });
  });
  if (explained.error) console.log(`\nEXPLAIN failed: ${explained.error}`);
  console.log(`\nPostgreSQL time per statement for one batch of ${batchSize} fixes (EXPLAIN ANALYZE, then rolled back):`);
  let pgTotal = 0;
  for (const f of explained.figures) {
    pgTotal += f.executionMs + f.planningMs;
    console.log(`  ${f.executionMs.toFixed(1).padStart(7)} ms exec ${f.planningMs.toFixed(1).padStart(5)} ms plan ${String(f.rows).padStart(5)} rows ${String(f.buffersDirtied).padStart(4)} dirtied  ${f.statement}`);
    if (process.env.BENCH_PLANS) console.log(`          plan: ${f.shape}`);
  }
  console.log(`  ${pgTotal.toFixed(1).padStart(7)} ms in total ≈ ${Math.round((batchSize / pgTotal) * 1000).toLocaleString('en')} fixes/s per PostgreSQL backend`);
}

const after = await ask<Stats>('stats');
console.log(`\nServer RSS after the throughput phase (≈ 3× the steady load): ${mb(after.rss)} (JS heap ${mb(after.memory.heapUsed)} used of ${mb(after.memory.heapTotal)})`);
if (process.env.BENCH_HEAP) {
  const { file } = await ask<{ file: string }>('heap');
  console.log(`Heap snapshot: ${file}`);
  for (const line of formatHeap(summarizeHeap(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot), 15)) console.log(`  ${line}`);
}
server.send({ type: 'stop' });
