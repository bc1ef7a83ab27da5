/**
 * `npm run bench:ingest` — first the issue's steady load (10,000 devices reporting once a second:
 * report-to-console-socket latency and the server's memory), then sustained ingest throughput
 * through the whole pipeline (validation, device resolution, positions, latest state, trips,
 * rules, stream log) with CPU per stage, then PostgreSQL's cost per statement of one batch.
 * Prints figures; asserts nothing. Env: BENCH_DEVICES, BENCH_SECONDS (throughput phase),
 * BENCH_LATENCY_SECONDS (steady phase), BENCH_STATEMENTS, BENCH_PROFILE, BENCH_HEAP, BENCH_NODE_FLAGS.
 */
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { WebSocket } from 'ws';
import { signAccessToken } from '../server/auth/access-token.ts';
import { demoAccounts } from '../demo/demo-accounts.ts';
import { createFleet, recordOf, seededRandom, step, type Vehicle } from './fleet-motion.ts';
import type { StatementFigure } from './pg-explain.ts';
import { samplePostgresCpu } from './pg-process-cpu.ts';

const devices = Number(process.env.BENCH_DEVICES ?? 10_000);
const throughputSeconds = Number(process.env.BENCH_SECONDS ?? 20);
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const batchSize = 1000;
const clients = 4;

type Ready = { type: 'ready'; url: string; tenant: string; signingKey: string; pgPid: number };
type Stats = { type: 'stats'; stages: Record<string, number>; cpu: NodeJS.CpuUsage; rss: number; memory: NodeJS.MemoryUsage };
// BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (load the .cpuprofile in DevTools).
const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
// The server runs with the V8 flags `npm run server` gives the deployed fleet cloud (package.json),
// or BENCH_NODE_FLAGS instead when set (to compare settings).
const serverScript = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts.server ?? '';
const nodeFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? serverScript.split(' ').filter((word) => word.startsWith('--'));
const server = fork(new URL('./ingest-server.ts', import.meta.url), { env: { ...process.env, BENCH_DEVICES: String(devices) }, execArgv: [...process.execArgv, ...nodeFlags, ...profile], stdio: 'inherit' });
const next = <T>(type: string) => new Promise<T>((resolve) => { const on = (m: { type: string }) => { if (m.type === type) { server.off('message', on); resolve(m as T); } }; server.on('message', on); });
const ready = await next<Ready>('ready');
const ask = async <T>(type: string, reply = type) => { const p = next<T>(reply); server.send({ type }); return p; };

/** CPU seconds of the PostgreSQL cluster: the postmaster (parent of the checkpointer) and its children. */
function postgresCpuSeconds(): number {
  const ppidOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  const postmaster = ppidOf(ready.pgPid);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch { /* process ended */ }
  }
  return ticks / 100;
}

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

// ---- 1. steady state: N devices × 1 Hz (latency and memory at the issue's fleet size)
const now = Math.floor(Date.now() / 1000);
const token = signAccessToken({ sub: demoAccounts.sofia.id, tid: ready.tenant, role: 'admin', gids: null, iat: now, exp: now + 3600 }, ready.signingKey);
const socket = new WebSocket(`${ready.url.replace('http', 'ws')}/api/stream?access_token=${token}`);
const latencies: number[] = [];
let measuring = false;
socket.on('message', (data: Buffer) => {
  const message = JSON.parse(data.toString()) as { type: string; positions?: { fixTime: number }[] };
  if (!measuring || message.type !== 'positions' || !message.positions) return;
  const received = Date.now();
  for (const p of message.positions) latencies.push(received - p.fixTime);
});
await new Promise((resolve) => socket.once('open', resolve));
// Each device reports once a second; gateways forward them in 10 slices per second.
const slices = 10;
const perSlice = Math.ceil(devices / slices);
let slice = 0;
const sendSlice = async () => {
  const t = Date.now();
  const from = (slice++ % slices) * perSlice;
  const part = fleet.slice(from, from + perSlice);
  for (const v of part) step(v, 1, random);
  await post(part.map((v) => {
    lastFix.set(v, t);
    return recordOf(v, t);
  }));
};
measuring = true;
const latencyCpu0 = (await ask<Stats>('stats')).cpu;
const latencyPg0 = postgresCpuSeconds();
const latencyStart = performance.now();
const latencyEnd = Date.now() + latencySeconds * 1000;
const inflight: Promise<void>[] = [];
while (Date.now() < latencyEnd) {
  inflight.push(sendSlice());
  await new Promise((r) => setTimeout(r, 1000 / slices));
}
await Promise.all(inflight);
await new Promise((r) => setTimeout(r, 500));
measuring = false;
const latencyStats = await ask<Stats>('stats');
const rss = latencyStats.rss;
const latencyNodeCpu = (latencyStats.cpu.user + latencyStats.cpu.system - latencyCpu0.user - latencyCpu0.system) / 1e6;
const latencyPgCpu = postgresCpuSeconds() - latencyPg0;
const latencyWall = (performance.now() - latencyStart) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
console.log(`\nLatency report → console socket, ${devices} devices at 1 Hz (${latencies.length.toLocaleString('en')} fixes): p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${latencies[latencies.length - 1]} ms`);
// The open-loop phase offers exactly N fixes/s; its CPU per fix is the figure at that load.
console.log(`CPU during it: server ${(latencyNodeCpu / latencyWall * 100).toFixed(0)}% of a core, PostgreSQL ${(latencyPgCpu / latencyWall * 100).toFixed(0)}%; per fix ${(((latencyNodeCpu + latencyPgCpu) / Math.max(1, latencies.length)) * 1e6).toFixed(0)} µs (server ${((latencyNodeCpu / Math.max(1, latencies.length)) * 1e6).toFixed(0)} + PostgreSQL ${((latencyPgCpu / Math.max(1, latencies.length)) * 1e6).toFixed(0)})`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const m = latencyStats.memory;
console.log(`Server RSS at ${devices} devices × 1 Hz: ${mb(rss)} (at start ${mb(startRss)}; JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)}); requests answered 503 (over capacity, retried): ${overloaded}`);
socket.close();
// ---- 2. sustained throughput (closed loop: as fast as the server answers)
// After the steady phase: device clocks run ahead of the wall clock here when the server takes
// more than N fixes a second (each vehicle then reports more than once a second). The server
// refuses fixes more than 30 s ahead (decision 0113): keep BENCH_SECONDS × (throughput / N − 1)
// under that, or the tail of the phase is refused (the bench then stops with the refusal).
await ask('reset');
const cpu0 = (await ask<Stats>('stats')).cpu;
const pg0 = postgresCpuSeconds();
const pgByKind = samplePostgresCpu(Number(readFileSync(`/proc/${ready.pgPid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]));
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
console.log(`PostgreSQL CPU by process: ${[...pgKinds].sort((a, b) => b[1] - a[1]).map(([kind, s]) => `${kind} ${((s / stored) * 1e6).toFixed(0)} µs/fix`).join(', ')}`);
if (process.env.BENCH_STATEMENTS) {
  const { rows } = await ask<{ rows: { calls: number; rows: number; exec_ms: number; plan_ms: number; query: string }[] }>('statements');
  console.log('PostgreSQL statements during the throughput phase (pg_stat_statements; exec + plan ms, calls, rows):');
  for (const r of rows) console.log(`  ${String(r.exec_ms).padStart(6)} + ${String(r.plan_ms).padStart(5)} ms ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(7)} rows  ${r.query}`);
}
const stageTotal = Object.values(stats.stages).reduce((a, b) => a + b, 0);
console.log('Server wall time per pipeline stage (database stages include PostgreSQL round trips):');
for (const [stage, ms] of Object.entries(stats.stages)) console.log(`  ${stage.padEnd(16)} ${(ms / stageTotal * 100).toFixed(1).padStart(5)}%  ${(ms / 1000).toFixed(2)} s`);

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

const after = await ask<Stats>('stats');
console.log(`\nServer RSS after the throughput phase (≈ 3× the steady load): ${mb(after.rss)} (JS heap ${mb(after.memory.heapUsed)} used of ${mb(after.memory.heapTotal)})`);
if (process.env.BENCH_HEAP) console.log(`Heap snapshot: ${(await ask<{ file: string }>('heap')).file}`);
server.send({ type: 'stop' });
