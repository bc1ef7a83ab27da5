/**
 * `npm run bench:soak` — the soak: N devices reporting at H Hz for M minutes against the
 * whole pipeline (its own server process, embedded PostgreSQL), open loop (every tick sends every
 * device's fix whatever the server does; fixes queue per gateway in order and a refused request is
 * resent after Retry-After, as a tracker does). Prints one line per sample window: fixes
 * acknowledged, ack latency p50/p99 of the window (from each fix's due time), server RSS,
 * load average; then the verdict: fixes sent vs acknowledged vs counted in the database (lost),
 * and how RSS and p99 moved from the first to the last window (after warm-up).
 *
 *   npm run bench:soak                                   # 10,000 devices × 1 Hz × 30 min
 *   npm run bench:soak -- --devices 2000 --minutes 2 --sample-seconds 15
 *
 * Env equivalents: SOAK_DEVICES, SOAK_HZ, SOAK_MINUTES, SOAK_SAMPLE_SECONDS. Asserts nothing.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { serverMessages } from './server-messages.ts';
import { createFleet, recordOf, seededRandom, step, type Vehicle } from './fleet-motion.ts';

const { values: args } = parseArgs({
  options: { devices: { type: 'string' }, hz: { type: 'string' }, minutes: { type: 'string' }, 'sample-seconds': { type: 'string' } },
});
const number = (value: string | undefined, fallback: number, name: string) => {
  const n = Number(value ?? fallback);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, not "${value}"`);
  return n;
};
const devices = Math.round(number(args.devices ?? process.env.SOAK_DEVICES, 10_000, '--devices'));
const hz = number(args.hz ?? process.env.SOAK_HZ, 1, '--hz');
const minutes = number(args.minutes ?? process.env.SOAK_MINUTES, 30, '--minutes');
const sampleSeconds = number(args['sample-seconds'] ?? process.env.SOAK_SAMPLE_SECONDS, 60, '--sample-seconds');
const batchSize = 1000;
/** A gateway that fell behind catches up at most this many fixes per request (5 ticks of its devices). */
const maxRequestRecords = 5 * batchSize;

type Ready = { type: 'ready'; url: string };
type Stats = { type: 'stats'; rss: number; memory: NodeJS.MemoryUsage };
type Count = { type: 'count'; stored: number };
const server = fork(new URL('./ingest-server.ts', import.meta.url), { env: { ...process.env, BENCH_DEVICES: String(devices) }, execArgv: [...process.execArgv, '--max-semi-space-size=8'], stdio: 'inherit' });
const { next, ask } = serverMessages(server);
const ready = await next<Ready>('ready');

const fleet = createFleet(devices, seededRandom(7));
let acked = 0;
let sent = 0;
let retried = 0;
let failures = 0;
/** Acknowledgement latency of every fix in the window, from the moment it was due (open loop). */
let window: number[] = [];
/** After the run, resending stops at this time: what is still unacknowledged then is counted as such. */
let giveUpAt = Infinity;
let unacknowledged = 0;

/**
 * One gateway per slice of the fleet, as a tracker buffers: fixes queue in device-time order,
 * one request is in flight, a refused request (503/429, errors) is resent after the server's
 * Retry-After before anything newer, and what queued meanwhile goes in the next request (up to
 * five ticks' worth). So every device's fixes arrive in order, as Traccar Client and dongles
 * send them — an earlier version sent each tick's batch at once whatever was pending, so a
 * resent batch arrived behind newer fixes and made every fix in it late data.
 */
class Gateway {
  private queue: { record: object; due: number }[] = [];
  private sending: Promise<void> | null = null;

  enqueue(records: object[], due: number): void {
    for (const record of records) this.queue.push({ record, due });
    sent += records.length;
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
    });
  }

  get idle(): Promise<void> {
    return this.sending ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      if (Date.now() > giveUpAt) {
        unacknowledged += this.queue.length;
        this.queue = [];
        return;
      }
      const batch = this.queue.slice(0, maxRequestRecords);
      const waitS = await post(batch.map((q) => q.record));
      if (waitS === 0) {
        const now = performance.timeOrigin + performance.now();
        for (const q of batch) window.push(now - q.due);
        this.queue.splice(0, batch.length);
      } else {
        retried += 1;
        await new Promise((resolve) => setTimeout(resolve, waitS * 1000));
      }
    }
  }
}

/** 0 when stored, else the seconds to wait before resending. */
async function post(records: object[]): Promise<number> {
  try {
    const response = await fetch(`${ready.url}/api/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
    const body = (await response.json()) as { stored?: number; duplicates?: number; rejected?: unknown[] };
    if (response.status === 200) {
      acked += (body.stored ?? 0) + (body.duplicates ?? 0);
      if (body.rejected?.length) failures += body.rejected.length;
      return 0;
    }
    return Math.min(5, Math.max(0.5, Number(response.headers.get('retry-after')) || 0.5));
  } catch {
    return 0.5; // connection trouble: resend like a device
  }
}

const pct = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) : 0);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const samples: { at: number; p50: number; p99: number; rssMb: number; load: number }[] = [];
const gateways = Array.from({ length: Math.ceil(devices / batchSize) }, () => new Gateway());
console.log(`Soak: ${devices} devices × ${hz} Hz for ${minutes} min (${Math.round(devices * hz)} fixes/s offered), ${gateways.length} gateways of ${batchSize} devices, sample every ${sampleSeconds} s`);
console.log('   t(s)    acked  503/retry  p50(ms)  p99(ms)  server RSS(MB) (heap used/total, external)  load(1/5/15)');

const tickMs = 1000 / hz;
const start = Date.now();
const end = start + minutes * 60_000;
let nextSample = start + sampleSeconds * 1000;
let tick = 0;
// Device time = the tick's wall time (whole ms): one fix per device per tick, in order.
for (let due = start; due < end; due = start + ++tick * tickMs) {
  const wait = due - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const time = Math.round(due);
  for (const v of fleet) step(v, 1 / hz, Math.random);
  gateways.forEach((gateway, g) => gateway.enqueue(fleet.slice(g * batchSize, (g + 1) * batchSize).map((v: Vehicle) => recordOf(v, time)), time));
  if (Date.now() >= nextSample) {
    nextSample += sampleSeconds * 1000;
    const sorted = window.sort((a, b) => a - b);
    window = [];
    const { rss, memory } = await ask<Stats>('stats');
    const load = loadavg();
    const sample = { at: Math.round((Date.now() - start) / 1000), p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), rssMb: mb(rss), load: load[0] ?? 0 };
    samples.push(sample);
    console.log(`${String(sample.at).padStart(7)} ${String(acked).padStart(8)} ${String(retried).padStart(10)} ${String(sample.p50).padStart(8)} ${String(sample.p99).padStart(8)} ${String(sample.rssMb).padStart(15)} (${mb(memory.heapUsed)}/${mb(memory.heapTotal)}, ${mb(memory.external)})  ${load.map((l) => l.toFixed(1)).join('/')}`);
  }
}
giveUpAt = Date.now() + 60_000;
await Promise.all(gateways.map((g) => g.idle));
const { stored } = await ask<Count>('count');
const steady = samples.slice(Math.min(1, samples.length - 1));
const first = steady[0];
const last = steady.at(-1);
// Lost = acknowledged but not in the database. The database may hold more than was acknowledged
// (a fix stored whose answer never arrived), and unacknowledged fixes are the device's to resend.
console.log(
  `\nSent ${sent} fixes; acknowledged ${acked}; unacknowledged at the end ${unacknowledged}; in the database ${stored}; ` +
    `lost ${Math.max(0, acked - stored)}; rejected ${failures}; resent after 503/errors ${retried}`,
);
if (first && last) {
  console.log(`Server RSS ${first.rssMb} → ${last.rssMb} MB, ack p99 ${first.p99} → ${last.p99} ms (first window after warm-up → last window); load average at the end ${loadavg().map((l) => l.toFixed(1)).join('/')}`);
}
server.send({ type: 'stop' });
