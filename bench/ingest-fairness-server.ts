/**
 * The server half of `npm run bench:fairness` (bench/ingest-fairness.ts), in its own process:
 * embedded PostgreSQL, the seeded demo, two client accounts with bench units — A (`noisy-*`,
 * City Utilities) and B (`quiet-*`, Harbour Taxi) — each on the default plan, and the fleet
 * cloud on a free port with plans and fair share as in production. Talks to the parent over IPC:
 * counts of stored positions, the process's CPU time, A's plan throttled to 1 fix/s and back (the
 * refusal-cost phase), the reports answered below Fastify, and with BENCH_PROFILE=<dir> a V8 CPU
 * profile of a phase. bench/refusal-cost.ts runs two of it (raw refusal on and off).
 */
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { listenBacklog } from '../server/http/front-door.ts';
import { appConfig } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb } from '../server/db/fleet-db.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { TenantStages } from './tenant-stages.ts';

const noisyUnits = Number(process.env.BENCH_NOISY_UNITS ?? 2000);
const quietUnits = Number(process.env.BENCH_QUIET_UNITS ?? 1000);
const tenants = { noisy: demoTenants.cityUtilities.id, quiet: demoTenants.harbourTaxi.id };

const postgres = await startTestPostgres();
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });

async function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

await asOwner(async (owner) => {
  for (const [prefix, tenant, count] of [['noisy', tenants.noisy, noisyUnits], ['quiet', tenants.quiet, quietUnits]] as const) {
    await owner.query('BEGIN');
    await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
    await owner.query(`INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, $2 || '-' || i, $2 || ' ' || i FROM generate_series(1, $3) i`, [tenant, prefix, count]);
    await owner.query('COMMIT');
  }
  // Units report only when the provider's registry has them assigned; key = sha256(unit id).
  await owner.query('BEGIN');
  await owner.query("SELECT set_config('app.tenant_id', $1, true)", [demoTenants.nordicFleetServices.id]);
  await owner.query(
    `INSERT INTO registry_devices (unique_id, secret_hash, assigned_tenant_id, assigned_device_id)
     SELECT d.unique_id, sha256(d.unique_id::bytea), d.tenant_id, d.id FROM devices d WHERE d.unique_id LIKE 'noisy-%' OR d.unique_id LIKE 'quiet-%'`,
  );
  await owner.query('COMMIT');
  await owner.query('ANALYZE');
});

const db = createFleetDb({ connectionString: boot.appUrl, max: 10 });
const stages = new TenantStages();
// BENCH_RAW_REFUSAL=0: over-share reports refused by Fastify's hooks, not below it (decision 0440's A/B).
const refuseBelowFastify = process.env.BENCH_RAW_REFUSAL !== '0';
const app = await buildApp({ db, config: appConfig(boot.signingKey), logger: { level: 'error' }, ingest: { metrics: stages, ...tuning() }, refuseBelowFastify });

/** BENCH_FLUSH_TARGET_MS, BENCH_MIN_FLUSH: the lanes' flush sizing, for comparisons. */
function tuning(): { flushTargetMs?: number; minFlush?: number } {
  const flushTargetMs = process.env.BENCH_FLUSH_TARGET_MS;
  const minFlush = process.env.BENCH_MIN_FLUSH;
  return { ...(flushTargetMs ? { flushTargetMs: Number(flushTargetMs) } : {}), ...(minFlush ? { minFlush: Number(minFlush) } : {}) };
}
// BENCH_BACKLOG: the listen backlog (the fleet cloud's own otherwise, start-fleet-cloud.ts), for comparisons.
const url = await app.listen({ port: 0, host: '127.0.0.1', backlog: Number(process.env.BENCH_BACKLOG ?? listenBacklog) });

/**
 * Per account, each phone report's time inside this process: from Node's 'request' event (the
 * request read and parsed by Node's HTTP server) to its answer's last byte handed to the socket.
 * Against the generator's "handed → answered" it tells the server's part from the generator's,
 * the kernel's and the connection's. Listens before the front door (prependListener).
 */
const httpTimes = { noisy: [] as number[], quiet: [] as number[] };
app.server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
  const url = request.url ?? '';
  const who = url.includes('id=quiet-') ? 'quiet' : url.includes('id=noisy-') ? 'noisy' : null;
  if (!who) return;
  const start = performance.now();
  response.once('finish', () => httpTimes[who].push(performance.now() - start));
});
const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN);
};
const httpReport = () => Object.fromEntries(Object.entries(httpTimes).map(([who, t]) => [who, { n: t.length, p50: quantile(t, 0.5), p99: quantile(t, 0.99) }]));

/** Positions stored per account's bench units, counted as the owner (no RLS), after draining. */
async function counts(): Promise<{ noisy: number; quiet: number }> {
  await app.ingest.drain();
  return asOwner(async (owner) => {
    const rows = await owner.query<{ prefix: string; n: number }>(
      `SELECT split_part(d.unique_id, '-', 1) AS prefix, count(*)::int AS n
         FROM positions p JOIN devices d ON d.tenant_id = p.tenant_id AND d.id = p.device_id
        WHERE d.unique_id LIKE 'noisy-%' OR d.unique_id LIKE 'quiet-%' GROUP BY 1`,
    );
    const of = (prefix: string) => rows.rows.find((r) => r.prefix === prefix)?.n ?? 0;
    return { noisy: of('noisy'), quiet: of('quiet') };
  });
}

/** A's plan: 1 fix/s (every report refused by its rate: what a refusal costs), or the default. */
async function throttleNoisy(throttled: boolean): Promise<void> {
  await db.withTenant(demoTenants.nordicFleetServices.id, (provider) =>
    throttled
      ? provider.query(
          `INSERT INTO tenant_plans (tenant_id, max_units, max_users, retention_days, storage_bytes, ingest_rate, ingest_burst, api_rate)
           SELECT $1, max_units, max_users, retention_days, storage_bytes, 1, 1, api_rate FROM plan_default()`,
          [tenants.noisy],
        )
      : provider.query('DELETE FROM tenant_plans WHERE tenant_id = $1', [tenants.noisy]),
  );
  await app.plans.refresh(tenants.noisy);
}

// BENCH_PROFILE=<dir>: the phases the parent marks are profiled (V8's sampling profiler, as --cpu-prof).
const profileDir = process.env.BENCH_PROFILE;
const session = profileDir ? new Session() : null;
session?.connect();
async function profile(action: string): Promise<string | null> {
  if (!session || !profileDir) return null;
  const [, what = '', name = 'phase'] = /^profile-(start|stop):(.*)$/.exec(action) ?? [];
  if (what === 'start') {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    return null;
  }
  const { profile: result } = await session.post('Profiler.stop');
  const file = `${profileDir}/fairness-${name}-${Date.now()}.cpuprofile`;
  writeFileSync(file, JSON.stringify(result));
  return file;
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'count') void counts().then((stored) => process.send?.({ type: 'count', ...stored }));
  else if (message.type === 'stages-start') {
    stages.start();
    httpTimes.noisy = [];
    httpTimes.quiet = [];
    process.send?.({ type: 'stages-start' });
  } else if (message.type === 'stages') process.send?.({ type: 'stages', report: stages.report(), http: httpReport() });
  else if (message.type === 'cpu') process.send?.({ type: 'cpu', cpu: process.cpuUsage() });
  else if (message.type === 'answered') process.send?.({ type: 'answered', belowFastify: app.frontDoor?.answered ?? 0 });
  else if (message.type === 'throttle' || message.type === 'unthrottle') void throttleNoisy(message.type === 'throttle').then(() => process.send?.({ type: message.type }));
  else if (message.type.startsWith('profile-')) void profile(message.type).then((file) => process.send?.({ type: 'profile', file }));
  else if (message.type === 'stop') void app.close().then(() => db.close()).then(() => postgres.stop()).then(() => process.exit(0));
});
process.send?.({ type: 'ready', url, tenants, signingKey: boot.signingKey });
