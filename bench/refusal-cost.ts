/**
 * `npm run bench:refusal-cost` — what refusing one over-share report costs the server's CPU,
 * with the refusal below Fastify (decision 0440) and without it, interleaved at the same load.
 *
 * Two fleet cloud processes (bench/ingest-fairness-server.ts): one with the raw refusal
 * (`BENCH_RAW_REFUSAL=1`), one without (`=0`, Fastify's onRequest early refusal, decision 0300).
 * Each round, on each server in turn: A's units report once with A's default plan (the
 * resolver then knows them: the early refusal only refuses a unit resolved recently), A's plan
 * is throttled to 1 fix/s, and `BENCH_REFUSALS` reports (one OsmAnd GET per fix, as a phone sends
 * them) go over `BENCH_CONNECTIONS` keep-alive connections, closed loop. Printed per round: the
 * server's CPU time (process.cpuUsage, user + system) per answered request, how many were
 * answered below Fastify, and the load average. CPU per request, not latency: it does not
 * depend on how much of the machine the server got (the machine is shared).
 *
 * Options: BENCH_ROUNDS (4, after a warm-up round), BENCH_REFUSALS (10,000), BENCH_CONNECTIONS (32), BENCH_NOISY_UNITS (200).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { Pool } from 'undici';
import { serverMessages } from './server-messages.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const refusals = Number(process.env.BENCH_REFUSALS ?? 10_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const units = Number(process.env.BENCH_NOISY_UNITS ?? 200);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');

interface Server {
  name: string;
  process: ChildProcess;
  ask: <T>(type: string, reply?: string) => Promise<T>;
  pool: Pool;
  perRequestUs: number[];
}

async function start(name: string, raw: boolean): Promise<Server> {
  const child = fork(new URL('./ingest-fairness-server.ts', import.meta.url), {
    env: { ...process.env, BENCH_RAW_REFUSAL: raw ? '1' : '0', BENCH_NOISY_UNITS: String(units), BENCH_QUIET_UNITS: '1' },
    stdio: 'inherit',
  });
  const { next, ask } = serverMessages(child);
  const { url } = await next<{ url: string }>('ready');
  return { name, process: child, ask, pool: new Pool(url, { connections, pipelining: 1 }), perRequestUs: [] };
}

/** Each unit's next fix time: a second after its last, starting an hour ago (never ahead of the clock). */
const fixTimes = new Map<number, number>();
const hourAgo = Math.floor(Date.now() / 1000) - 3600;
/** A phone's report (Traccar Client's query string); the bench units' key is their id. */
const path = (i: number) => {
  const unit = (i % units) + 1;
  const time = (fixTimes.get(unit) ?? hourAgo) + 1;
  fixTimes.set(unit, time);
  return `/?id=noisy-${unit}&key=noisy-${unit}&timestamp=${time}&lat=57.70${i % 10}&lon=11.97${i % 7}&speed=12.5&bearing=90.0&batt=80`;
};

/** Sends `n` reports over the pool, closed loop; the answers by status. */
async function send(pool: Pool, n: number, first = 0): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = first;
  const end = first + n;
  const worker = async () => {
    while (next < end) {
      const { statusCode, body } = await pool.request({ method: 'GET', path: path(next++) });
      await body.dump();
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return statuses;
}

const cpuMs = async (server: Server) => {
  const { cpu } = await server.ask<{ cpu: NodeJS.CpuUsage }>('cpu');
  return (cpu.user + cpu.system) / 1000;
};

async function round(server: Server, index: number): Promise<void> {
  await send(server.pool, units, index * 1_000_000);
  await server.ask('throttle');
  const before = await cpuMs(server);
  const { belowFastify: belowBefore } = await server.ask<{ belowFastify: number }>('answered');
  const started = performance.now();
  const statuses = await send(server.pool, refusals, index * 1_000_000 + units);
  const wall = (performance.now() - started) / 1000;
  const spent = (await cpuMs(server)) - before;
  const { belowFastify } = await server.ask<{ belowFastify: number }>('answered');
  await server.ask('unthrottle');
  const us = (spent * 1000) / refusals;
  // Round 0 warms up (JIT, the servers' first plan change): printed, not counted.
  if (index > 0) server.perRequestUs.push(us);
  const answers = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
  console.log(`  round ${index === 0 ? '0 (warm-up)' : index}, ${server.name}: ${us.toFixed(0)} µs of server CPU per request (${answers}; ${belowFastify - belowBefore} below Fastify; ${(refusals / wall).toFixed(0)}/s; load ${load()})`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

console.log(`Refusal cost: ${refusals.toLocaleString('en')} refused reports per round over ${connections} keep-alive connections, ${units} units; load ${load()}`);
const servers = [await start('below Fastify', true), await start('Fastify hooks', false)];
for (let i = 0; i <= rounds; i += 1) {
  // Alternate which server goes first, so neither always runs right after the other's round.
  for (const server of i % 2 === 0 ? servers : [...servers].reverse()) await round(server, i);
}
const [raw, hooks] = servers.map((s) => median(s.perRequestUs));
console.log(`Median: below Fastify ${raw?.toFixed(0)} µs, Fastify hooks ${hooks?.toFixed(0)} µs per refusal; ratio ${((raw ?? 0) / (hooks ?? 1)).toFixed(2)}; load ${load()}`);
for (const server of servers) {
  await server.pool.close();
  server.process.send({ type: 'stop' });
  await new Promise((resolve) => server.process.once('exit', resolve));
}
