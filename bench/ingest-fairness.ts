/**
 * `npm run bench:fairness` — the noisy neighbour (issue 14, decision 0200). Phones (one OsmAnd
 * request per fix, open loop, bench/ingest-phones.ts) of two client accounts on one fleet cloud:
 *
 * 1. capacity: account A alone offers more than the server stores; what it acknowledges per
 *    second is the measured capacity C.
 * 2. noisy neighbour: A offers 3 × C while B's units offer 1,000 positions/s (1 Hz each). Printed:
 *    B's report → console socket p99 (a console of B on the live stream), B's refusals, A's
 *    429 / 503 counts, and the load average.
 * 3. the database check: every fix either account was told was stored is in `positions`.
 * 4. refusal cost: A's plan throttled to 1 fix/s, A offers 3 × C; the server's CPU time per
 *    refused report (process.cpuUsage of the server process, over the phase).
 *
 * Options: BENCH_SECONDS (10), BENCH_NOISY_UNITS, BENCH_QUIET_UNITS, BENCH_QUIET_RATE,
 * BENCH_CAPACITY_OFFER, BENCH_CONNECTIONS, BENCH_ONLY=noisy|refusal (phase 2 and 3, or phase 4,
 * after the capacity phase), BENCH_REFUSAL_SECONDS (5), BENCH_PROFILE=<dir> (V8 CPU profiles of
 * phases 2 and 4 from the server, summarised here).
 *
 * The server runs in its own process (bench/ingest-fairness-server.ts). On a shared machine
 * the figures are the machine's as much as the server's: read them with the load average.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { WebSocket } from 'ws';
import { signAccessToken } from '../server/auth/access-token.ts';
import { demoAccounts } from '../demo/demo-accounts.ts';
import { createFleet, seededRandom, type Vehicle } from './fleet-motion.ts';
import { formatSummary, summarize, type CpuProfile } from './cpu-profile-summary.ts';
import { percentile, runPhones, type PhoneFigures } from './ingest-phones.ts';
import { serverMessages } from './server-messages.ts';
import { sampleSockets, tcpCounters, tcpDelta } from './tcp-counters.ts';
import type { StageReport } from './tenant-stages.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const noisyUnits = Number(process.env.BENCH_NOISY_UNITS ?? 2000);
const quietUnits = Number(process.env.BENCH_QUIET_UNITS ?? 1000);
const quietRate = Number(process.env.BENCH_QUIET_RATE ?? 1000);
const capacityOffer = Number(process.env.BENCH_CAPACITY_OFFER ?? 3000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
// Each phone has its own connection (a pool smaller than the units would queue reports in the
// generator, where the server never sees them: the first run here held 256 per account, and
// the server's backlog never passed 512 while reports waited a minute in the pool).
const connectionsOf = (units: number) => Number(process.env.BENCH_CONNECTIONS ?? units);
const only = process.env.BENCH_ONLY;
const refusalSeconds = Number(process.env.BENCH_REFUSAL_SECONDS ?? 5);
const capacityStepSeconds = Number(process.env.BENCH_CAPACITY_STEP_SECONDS ?? 5);
/** The capacity phase doubles A's offer from BENCH_CAPACITY_OFFER up to this. */
const capacityMax = Number(process.env.BENCH_CAPACITY_MAX ?? 48_000);

type Ready = { type: 'ready'; url: string; tenants: { noisy: string; quiet: string }; signingKey: string };
type Counts = { type: 'count'; noisy: number; quiet: number };
const server = fork(new URL('./ingest-fairness-server.ts', import.meta.url), { env: { ...process.env, BENCH_NOISY_UNITS: String(noisyUnits), BENCH_QUIET_UNITS: String(quietUnits) }, stdio: 'inherit' });
const { next, ask } = serverMessages(server);
const ready = await next<Ready>('ready');
// Devices do not run on the fleet cloud's machine. Here they do, and the scheduler shares the two
// cores evenly between the generator and the server, so a flood the generator makes starves the
// server it measures. BENCH_GENERATOR_NICE (default 10; 0 to compare) lowers this process's
// priority — after the fork, so the server and its PostgreSQL keep theirs. The generator's own
// delay is printed per phase (due → handed), so an offer it could not make shows.
const generatorNice = Number(process.env.BENCH_GENERATOR_NICE ?? 10);
setPriority(generatorNice);
const count = () => ask<Counts>('count');
/** The server process's CPU time (user + system, ms) since it started. */
const serverCpu = async () => {
  const { cpu } = await ask<{ cpu: NodeJS.CpuUsage }>('cpu');
  return (cpu.user + cpu.system) / 1000;
};
/** With BENCH_PROFILE, profiles the server during `work` and prints where its time went. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE) return work();
  await ask(`profile-start:${name}`, 'profile');
  const result = await work();
  const { file } = await ask<{ file: string }>(`profile-stop:${name}`, 'profile');
  console.log(`   Server CPU profile of this phase: ${file}`);
  for (const l of formatSummary(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile), 20)) console.log(`     ${l}`);
  return result;
}
/** The server's split of each tenant's latency over a phase (bench/tenant-stages.ts). */
const stagesStart = () => ask('stages-start');
const stagesLines = async (): Promise<string[]> => {
  const { report, http } = await ask<{ report: StageReport; http: Record<'noisy' | 'quiet', { n: number; p50: number; p99: number }> }>('stages');
  const ms = (n: number) => `${Math.round(n)} ms`;
  const name = (id: string) => (id === ready.tenants.noisy ? 'A' : id === ready.tenants.quiet ? 'B' : id.slice(0, 8));
  return [
    `   server: ${report.flushes} flushes, ${report.fixesPerFlushP50} fixes per flush (p50), flush p50 ${ms(report.flushMsP50)} / p99 ${ms(report.flushMsP99)}; event-loop delay p50 ${ms(report.loopDelayP50)} / p99 ${ms(report.loopDelayP99)}`,
    `   tenant transactions' wall time by stage: ${Object.entries(report.stageMs).map(([stage, t]) => `${stage} ${(t / 1000).toFixed(1)} s`).join(', ')}`,
    ...Object.entries(http).filter(([, h]) => h.n > 0).map(([who, h]) => `   ${who === 'noisy' ? 'A' : 'B'}: in the server process (request read by Node → answer written) p50 ${ms(h.p50)} / p99 ${ms(h.p99)} (${h.n.toLocaleString('en')} requests)`),
    ...Object.entries(report.tenants).map(([id, t]) => `   ${name(id)} (${t.parts.toLocaleString('en')} parts): sent → queued (HTTP, parse, admission) p50 ${ms(t.beforeQueueP50)} / p99 ${ms(t.beforeQueueP99)}; queued p50 ${ms(t.queuedP50)} / p99 ${ms(t.queuedP99)}; flush to its commit p50 ${ms(t.appliedP50)} / p99 ${ms(t.appliedP99)}; sent → commit p50 ${ms(t.toCommitP50)} / p99 ${ms(t.toCommitP99)}`),
  ];
};
/** This process's event-loop delay: the console socket's receive time includes it. */
const generatorLoop = monitorEventLoopDelay({ resolution: 10 });
const busy = (cpuMs: number, wallSeconds: number) => `server CPU ${(cpuMs / 1000).toFixed(1)} s in ${wallSeconds.toFixed(1)} s (${Math.round(cpuMs / (wallSeconds * 10))} % of one core)`;

const random = seededRandom(14);
const fleetOf = (prefix: string, n: number): Vehicle[] => createFleet(n, random).map((v, i) => ({ ...v, uniqueId: `${prefix}-${i + 1}` }));
const noisy = fleetOf('noisy', noisyUnits);
const quiet = fleetOf('quiet', quietUnits);
const lastFix = new Map<Vehicle, number>();
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
const refusedWords = (f: PhoneFigures) => [...f.refused].map(([status, n]) => `${n.toLocaleString('en')} × ${status === 0 ? 'connection error' : status}`).join(', ') || 'none';
/** Where a report's time went on the generator's side: before it was handed to a connection, and after. */
const split = (f: PhoneFigures) =>
  `handed ${Math.round(f.inFlight.length / f.wallSeconds).toLocaleString('en')}/s; due → handed to a connection (generator: unit busy, tick, event loop) p50 ${percentile(f.sendLag, 0.5).toFixed(0)} / p99 ${percentile(f.sendLag, 0.99).toFixed(0)} ms; handed → answered (HTTP, server) p50 ${percentile(f.inFlight, 0.5).toFixed(0)} / p99 ${percentile(f.inFlight, 0.99).toFixed(0)} ms; ${f.behindOwnUnit.toLocaleString('en')} reports due while their unit's previous one was unanswered; ${f.connects.toLocaleString('en')} connections opened`;
const line = (f: PhoneFigures) =>
  `${f.acknowledged.toLocaleString('en')} of ${f.offered.toLocaleString('en')} acknowledged (${Math.round(f.rate).toLocaleString('en')}/s); ack p50 ${percentile(f.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(f.latencies, 0.99).toFixed(0)} ms; refused: ${refusedWords(f)}`;

console.log(`Noisy neighbour — A: ${noisyUnits} units (City Utilities), B: ${quietUnits} units (Harbour Taxi), both on the default plan; one connection per unit; ${load()}`);

// B's console on the live stream: report → console latency = arrival − the fix's time (sent as "now").
const now = Math.floor(Date.now() / 1000);
const token = signAccessToken({ sub: demoAccounts.maria.id, tid: ready.tenants.quiet, role: 'admin', gids: null, iat: now, exp: now + 3600 }, ready.signingKey);
const socket = new WebSocket(`${ready.url.replace('http', 'ws')}/api/stream?access_token=${token}`);
let consoleLatencies: number[] | null = null;
socket.on('message', (data: Buffer) => {
  if (!consoleLatencies) return;
  const message = JSON.parse(data.toString()) as { type: string; positions?: { fixTime: number }[] };
  if (message.type !== 'positions' || !message.positions) return;
  const received = Date.now();
  for (const p of message.positions) consoleLatencies.push(received - p.fixTime);
});
await new Promise((resolve) => socket.once('open', resolve));

// Every unit's first fix, so both phases measure steady reporting, not first sightings.
await runPhones({ url: ready.url, units: [...noisy, ...quiet], rate: 500, seconds: (noisyUnits + quietUnits) / 500, connections: 256, lastFix, random });
const start = await count();

// 1. Capacity: A alone, offered more than the server stores. A step is 5 s; while A's units get
// (nearly) everything they offer acknowledged, the offer was not above the capacity and is
// doubled (the lead's quiet run at 3,000/s got all 15,000 acknowledged: the offer, not C).
// C is the best acknowledged rate of the steps.
const capacitySteps: { offer: number; figures: PhoneFigures }[] = [];
const cpuBeforeCapacity = await serverCpu();
const tcpBeforeCapacity = tcpCounters();
await stagesStart();
for (let offer = capacityOffer; ; offer *= 2) {
  const figures = await runPhones({ url: ready.url, units: noisy, rate: offer, seconds: capacityStepSeconds, connections: connectionsOf(noisyUnits), lastFix, random });
  capacitySteps.push({ offer, figures });
  console.log(`\n1. Capacity, A alone offering ${offer.toLocaleString('en')}/s for ${capacityStepSeconds} s: ${line(figures)}; ${load()}`);
  if (figures.rate < 0.9 * offer || offer * 2 > capacityMax) break;
}
const capacity = capacitySteps.reduce((best, s) => (s.figures.rate > best.figures.rate ? s : best)).figures;
const capacityWall = capacitySteps.reduce((sum, s) => sum + s.figures.wallSeconds, 0);
const measured = Math.max(100, Math.round(capacity.rate));
const lastStep = capacitySteps.at(-1);
const saturated = lastStep !== undefined && lastStep.figures.rate < 0.9 * lastStep.offer;
console.log(`   Measured capacity C ≈ ${measured.toLocaleString('en')} positions/s (the best step; ${saturated ? 'the last step offered more than the server stored' : `NOT SATURATED: every step up to ${capacityMax.toLocaleString('en')}/s was acknowledged — C is at least this`}); ${busy((await serverCpu()) - cpuBeforeCapacity, capacityWall)}; ${tcpDelta(tcpBeforeCapacity, tcpCounters())}`);
for (const l of await stagesLines()) console.log(l);
const afterCapacity = await count();

if (only !== 'refusal') await noisyNeighbour();
if (only !== 'noisy' && refusalSeconds > 0) await refusalCost();
console.log(`\nThe machine is shared (2 cores, other engineers' work): these figures are noisy; ${load()}`);

socket.close();
server.send({ type: 'stop' });
await new Promise((resolve) => server.once('exit', resolve));

/** 2. Noisy neighbour: A at 3 × C, B at its 1,000/s, at the same time; 3. the database check. */
async function noisyNeighbour(): Promise<void> {
  // B's units report steadily in the figure the issue means, so their units are resolved (the
  // resolver's cache keeps a unit 30 s): one unmeasured report each, as in the warm-up.
  await runPhones({ url: ready.url, units: quiet, rate: 1000, seconds: quietUnits / 1000, connections: 256, lastFix, random });
  consoleLatencies = [];
  const cpuBefore = await serverCpu();
  const tcpBefore = tcpCounters();
  await stagesStart();
  generatorLoop.reset();
  generatorLoop.enable();
  const sampled = await sampleSockets(Number(new URL(ready.url).port), () => profiled('noisy', () => Promise.all([
    runPhones({ url: ready.url, units: noisy, rate: 3 * measured, seconds, connections: connectionsOf(noisyUnits), lastFix, random }),
    runPhones({ url: ready.url, units: quiet, rate: quietRate, seconds, connections: connectionsOf(quietUnits), lastFix, random }),
  ])));
  const [a, b] = sampled.result;
  const cpuMs = (await serverCpu()) - cpuBefore;
  const tcp = tcpDelta(tcpBefore, tcpCounters());
  generatorLoop.disable();
  const loadAfter = load();
  const stageLines = await stagesLines();
  await new Promise((r) => setTimeout(r, 1000));
  const quietConsole = consoleLatencies.sort((x, y) => x - y);
  consoleLatencies = null;
  console.log(`\n2. Noisy neighbour, ${seconds} s; ${loadAfter}; ${busy(cpuMs, Math.max(a.wallSeconds, b.wallSeconds))}`);
  console.log(`   A offering 3 × C = ${(3 * measured).toLocaleString('en')}/s: ${line(a)}`);
  console.log(`   A throttled: ${(a.refused.get(429) ?? 0).toLocaleString('en')} × 429, ${(a.refused.get(503) ?? 0).toLocaleString('en')} × 503, each with Retry-After`);
  console.log(`   B offering ${quietRate.toLocaleString('en')}/s: ${line(b)}`);
  console.log(`   B report → console socket (${quietConsole.length.toLocaleString('en')} positions): p50 ${percentile(quietConsole, 0.5)} ms, p99 ${percentile(quietConsole, 0.99)} ms, max ${quietConsole.at(-1)} ms`);
  console.log(`   B rejects: ${[...b.refused.values()].reduce((s, n) => s + n, 0).toLocaleString('en')} (${refusedWords(b)})`);
  console.log(`   A: ${split(a)}`);
  console.log(`   B: ${split(b)}`);
  console.log(`   ${tcp}`);
  console.log(`   ${sampled.words}`);
  for (const l of stageLines) console.log(l);
  console.log(`   generator (and B's console) event-loop delay p50 ${(generatorLoop.percentile(50) / 1e6).toFixed(0)} ms / p99 ${(generatorLoop.percentile(99) / 1e6).toFixed(0)} ms`);

  // 3. Nothing acknowledged is lost: new rows per account against what each was told was stored.
  const end = await count();
  const check = (name: string, acknowledged: number, stored: number) =>
    `   ${name}: ${acknowledged.toLocaleString('en')} acknowledged, ${stored.toLocaleString('en')} new rows in positions — ${stored >= acknowledged ? 'nothing acknowledged is missing' : `${(acknowledged - stored).toLocaleString('en')} ACKNOWLEDGED FIXES MISSING`}`;
  console.log('\n3. Database check (owner, no RLS), after draining:');
  console.log(check('A, capacity phase', capacitySteps.reduce((n, s) => n + s.figures.acknowledged, 0), afterCapacity.noisy - start.noisy));
  console.log(check('A, noisy phase', a.acknowledged, end.noisy - afterCapacity.noisy));
  console.log(check('B, noisy phase', b.acknowledged, end.quiet - afterCapacity.quiet));

  // The issue's figure, in its own words (issue 14, Performance).
  const bP99 = percentile(quietConsole, 0.99);
  const bRejects = [...b.refused.values()].reduce((n, k) => n + k, 0);
  const aThrottled = (a.refused.get(429) ?? 0) + (a.refused.get(503) ?? 0);
  const lost = a.acknowledged > end.noisy - afterCapacity.noisy || b.acknowledged > end.quiet - afterCapacity.quiet;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`\nGoal (${loadAfter}): A offers 3 × C = ${(3 * measured).toLocaleString('en')}/s, B ${quietRate.toLocaleString('en')}/s; generator nice ${generatorNice}`);
  console.log(`   B report → console p99 ${bP99} ms (< 250 ms: ${verdict(bP99 < 250)}); B rejects ${bRejects.toLocaleString('en')} (0: ${verdict(bRejects === 0)})`);
  console.log(`   A throttled: ${aThrottled.toLocaleString('en')} × 429/503 with Retry-After (${verdict(aThrottled > 0)}); A admitted ${Math.round(a.rate).toLocaleString('en')}/s = ${(a.rate / measured).toFixed(2)} × C`);
  console.log(`   nothing acknowledged lost: ${verdict(!lost)}`);
}

/** 4. What a refusal costs the server: every report of A refused by its plan's rate. */
async function refusalCost(): Promise<void> {
  await ask('throttle');
  const rate = 3 * measured;
  const before = await serverCpu();
  const refused = await profiled('refusal', () => runPhones({ url: ready.url, units: noisy, rate, seconds: refusalSeconds, connections: connectionsOf(noisyUnits), lastFix, random }));
  const cpuMs = (await serverCpu()) - before;
  await ask('unthrottle');
  const answered = refused.acknowledged + [...refused.refused.values()].reduce((n, k) => n + k, 0);
  console.log(`\n4. Refusal cost: A throttled to 1 fix/s by its plan, offering ${rate.toLocaleString('en')}/s for ${refusalSeconds} s; ${load()}`);
  console.log(`   ${line(refused)}`);
  console.log(`   ${busy(cpuMs, refused.wallSeconds)}: ${((cpuMs * 1000) / Math.max(1, answered)).toFixed(0)} µs of server CPU per answered request (${answered.toLocaleString('en')} answered)`);
}
