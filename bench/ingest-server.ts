/**
 * The server half of `npm run bench:ingest`, in its own process so its CPU and memory are
 * measured without the load generator: embedded PostgreSQL, the seeded demo, N extra devices,
 * the fleet cloud on a free port. Talks to the parent over IPC.
 */
import { buildApp } from '../server/app.ts';
import { appConfig } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb } from '../server/db/fleet-db.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { explainBatch } from './explain-batch.ts';
import { StageTimes } from './stage-times.ts';
import type { BenchRecord } from './fleet-motion.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';
import pg from 'pg';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';

const devices = Number(process.env.BENCH_DEVICES ?? 10_000);
// BENCH_STATEMENTS=1: PostgreSQL keeps per-statement figures (pg_stat_statements), printed after the throughput phase.
const statements = Boolean(process.env.BENCH_STATEMENTS);
const postgres = await startTestPostgres(statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } : undefined);
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });
const owner = new pg.Client({ connectionString: ownerUrl });
await owner.connect();
const tenant = demoTenants.cityUtilities.id;
await owner.query('BEGIN');
await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
await owner.query(
  `INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, 'bench-' || i, 'Bench ' || i FROM generate_series(1, $2) i`,
  [tenant, devices],
);
// BENCH_GEOFENCES circles of 400 m on a grid over the area the bench vehicles drive in
// (fleet-motion.ts's box), none alerting: the rules test every fix against them, and the
// vehicles cross their edges every few minutes, which is what keeping visits costs (decision 0355).
const geofences = Number(process.env.BENCH_GEOFENCES ?? 40);
await owner.query(
  `INSERT INTO geofences (tenant_id, name, shape, alert_on_enter, alert_on_exit)
   SELECT $1, 'Bench zone ' || i, jsonb_build_object('type', 'circle', 'radiusM', 400,
            'center', jsonb_build_object('latitude', 57.66 + (i / 8) * 0.02, 'longitude', 11.88 + (i % 8) * 0.028)), false, false
     FROM generate_series(0, $2 - 1) i`,
  [tenant, geofences],
);
await owner.query('COMMIT');
// Units report only when the provider's registry has them assigned (tenancy's migration 011).
await owner.query('BEGIN');
await owner.query("SELECT set_config('app.tenant_id', $1, true)", [demoTenants.nordicFleetServices.id]);
await owner.query(
  `INSERT INTO registry_devices (unique_id, secret_hash, assigned_tenant_id, assigned_device_id)
   SELECT d.unique_id, sha256(d.unique_id::bytea), d.tenant_id, d.id FROM devices d WHERE d.unique_id LIKE 'bench-%'`,
);
await owner.query('COMMIT');
// The bench measures the pipeline, not the plan: the default plan's 50,000 fixes/s (decision
// 0200) would refuse the batch phase above it with 429. The highest plan the schema allows.
await owner.query(
  `INSERT INTO tenant_plans (tenant_id, max_units, max_users, retention_days, storage_bytes, ingest_rate, ingest_burst, api_rate)
   VALUES ($1, 10000000, 1000, 365, 500000000000, 1000000, 10000000, 1000)`,
  [tenant],
);
// What autovacuum would have done by the time a fleet this size is live.
await owner.query('ANALYZE');
const pgPid = Number((await owner.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).rows[0]?.pid);
await owner.end();
const db = createFleetDb({ connectionString: boot.appUrl, max: 10 });
const stageTimes = new StageTimes();
// BENCH_FLUSH_DELAY_MS: gather for that long before each flush instead of group commit (to compare).
const maxDelayMs = process.env.BENCH_FLUSH_DELAY_MS ? Number(process.env.BENCH_FLUSH_DELAY_MS) : undefined;
// Errors to the terminal. BENCH_LOG_LEVEL=info: request logging as `npm run server` does by
// default (LOG_LEVEL), written to /dev/null — what formatting each request's lines costs.
const logger = process.env.BENCH_LOG_LEVEL ? { level: process.env.BENCH_LOG_LEVEL, file: '/dev/null' } : { level: 'error' };
// BENCH_LANES: the pipeline's lanes (default 2, decision 0020), to compare.
const lanes = process.env.BENCH_LANES ? Number(process.env.BENCH_LANES) : undefined;
// BENCH_MONITORING_JOBS=0: without the background jobs (daily figures every 10 s, ingest counts,
// retention, reports), to measure what keeping the daily figures costs the ingest (issue 13).
const monitoringJobs = process.env.BENCH_MONITORING_JOBS !== '0';
const app = await buildApp({ db, config: { ...appConfig(boot.signingKey), monitoringJobs }, logger, ingest: { metrics: stageTimes, ...(maxDelayMs === undefined ? {} : { maxDelayMs }), ...(lanes === undefined ? {} : { lanes }) } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

async function ownerQuery(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const result = await client.query(sql);
    return (Array.isArray(result) ? result.at(-1) : result)?.rows ?? [];
  } finally {
    await client.end();
  }
}

async function analyze(): Promise<void> {
  await ownerQuery('ANALYZE');
}

// BENCH_PROFILE: the load generator profiles each phase (V8's sampling profiler through the
// inspector, in this process), so a profile holds one phase and not the start-up.
const profiler = new Session();
profiler.connect();

process.on('message', (message: { type: string; records?: BenchRecord[]; file?: string }) => {
  if (message.type === 'profile-start') {
    void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start')).then(() => process.send?.({ type: 'profile-start' }));
  } else if (message.type === 'profile-stop') {
    void profiler.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(message.file ?? 'phase.cpuprofile', JSON.stringify(profile));
      process.send?.({ type: 'profile-stop', file: message.file });
    });
  } else if (message.type === 'stats') {
    process.send?.({ type: 'stats', stages: { ...stageTimes.totals }, calls: { ...stageTimes.calls }, cpu: process.cpuUsage(), rss: process.memoryUsage().rss, memory: process.memoryUsage() });
  } else if (message.type === 'heap') {
    // BENCH_HEAP=<file>: a heap snapshot after the latency phase (open it in DevTools → Memory).
    const file = writeHeapSnapshot(process.env.BENCH_HEAP);
    process.send?.({ type: 'heap', file });
  } else if (message.type === 'reset') {
    // After the first fix of every device: the statistics autovacuum would have gathered by
    // the time a fleet this size has reported for a while (device_state, trips were empty).
    void analyze().then(async () => {
      if (statements) await ownerQuery('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
      stageTimes.reset();
      process.send?.({ type: 'reset', cpu: process.cpuUsage() });
    });
  } else if (message.type === 'statements') {
    void ownerQuery(
      `SELECT calls::int, rows::int, round(total_exec_time)::int AS exec_ms, round(total_plan_time)::int AS plan_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time + total_plan_time DESC LIMIT 15`,
    ).then((rows) => process.send?.({ type: 'statements', rows }));
  } else if (message.type === 'explain') {
    void explainBatch(app.ingest, db, message.records ?? []).then(
      (figures) => process.send?.({ type: 'explain', figures }),
      (error: unknown) => process.send?.({ type: 'explain', figures: [], error: String(error) }),
    );
  } else if (message.type === 'count') {
    // After draining: what reached the database, counted as the owner (no RLS), for "nothing lost".
    void app.ingest
      .drain()
      .then(() => ownerQuery(
        `SELECT (SELECT count(*)::int FROM positions p JOIN devices d ON d.tenant_id = p.tenant_id AND d.id = p.device_id WHERE d.unique_id LIKE 'bench-%') AS n,
                (SELECT coalesce(sum(a.occurrences), 0)::int FROM alerts a JOIN devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id WHERE d.unique_id LIKE 'bench-%') AS sightings`,
      ))
      .then((rows) => {
        const row = rows[0] as { n: number; sightings: number } | undefined;
        process.send?.({ type: 'count', stored: row?.n ?? 0, sightings: row?.sightings ?? 0 });
      });
  } else if (message.type === 'stop') {
    // Visits kept during the run (where the fleet cloud keeps them), counted as the owner.
    void ownerQuery(`SELECT count(*)::int AS n, count(*) FILTER (WHERE left_at IS NULL)::int AS open FROM geofence_visits`).then(
      (rows) => console.log(`Geofence visits kept: ${JSON.stringify(rows[0])} (${geofences} geofences)`),
      () => console.log(`Geofence visits: not kept by this build (${geofences} geofences)`),
    ).then(() => app.close()).then(() => db.close()).then(() => postgres.stop()).then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', url, tenant, signingKey: boot.signingKey, pgPid });
