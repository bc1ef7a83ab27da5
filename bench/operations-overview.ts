/**
 * `npm run bench:operations`: the provider's operations overview over 1,000 client accounts and
 * 100,000 units (issue 14, goal < 300 ms to answer). Seeds the database directly as its owner —
 * accounts, vehicles, registry units, device states (10 % never reported, a share silent, on low
 * battery, with trouble codes), members, alerts, and the ingest counters a day of traffic leaves
 * (minute rows for 2 h, hour rows for 8 days, day rows for 400 days) — then asks the routes
 * through the app (authentication, RLS, serialisation included): cold (rows computed), warm
 * (shared rows) and watched (kept warm in the background). Prints figures; never fails on
 * timing. Statements per request are counted from pg_stat_database.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { demoTenants } from '../demo/demo-accounts.ts';
import { buildApp } from '../server/app.ts';
import { appConfig } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb } from '../server/db/fleet-db.ts';
import { accessTokenFor, bearer } from '../server/test/test-fleet.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const tenants = Number(process.env.BENCH_TENANTS ?? 1_000);
const unitsPerTenant = Number(process.env.BENCH_UNITS_PER_TENANT ?? 100);
const runs = 15;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`operations overview: ${tenants} accounts × ${unitsPerTenant} units; load average at start ${load()}`);
const postgres = await startTestPostgres();
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });
const owner = new pg.Client({ connectionString: ownerUrl });
await owner.connect();
const seedStart = Date.now();
// The owner is the cluster's superuser here: RLS does not apply to the seeding.
await owner.query(`
  INSERT INTO tenants (id, name, kind) SELECT gen_random_uuid(), 'Bench account ' || lpad(i::text, 4, '0'), 'client' FROM generate_series(1, $1) i;
`, [tenants]);
await owner.query(`
  INSERT INTO devices (tenant_id, unique_id, name)
  SELECT t.id, 'bu-' || left(t.id::text, 8) || '-' || j, 'Unit ' || j FROM tenants t CROSS JOIN generate_series(1, $1) j WHERE t.name LIKE 'Bench account %'`, [unitsPerTenant]);
await owner.query(`
  INSERT INTO registry_devices (unique_id, secret_hash, assigned_tenant_id, assigned_device_id)
  SELECT d.unique_id, sha256(d.unique_id::bytea), d.tenant_id, d.id FROM devices d WHERE d.unique_id LIKE 'bu-%'`);
// 90 % have reported: spread over the last 72 hours; one in 20 low on battery, one in 30 with codes.
await owner.query(`
  INSERT INTO device_state (tenant_id, device_id, last_seen_at, fix_time, server_time, latitude, longitude, speed_kmh, course, valid,
                            battery_level, battery_voltage, dtc_codes, attributes)
  SELECT d.tenant_id, d.id, now() - (random() * interval '72 hours'), now(), now(), 57.7, 11.9, 0, 0, true,
         CASE WHEN random() < 0.05 THEN 8 ELSE 80 END, 12.6,
         CASE WHEN random() < 0.033 THEN '[{"code":"P0301","firstSeenAt":"2026-12-06T00:00:00Z"}]'::jsonb ELSE '[]'::jsonb END,
         jsonb_build_object('firmware', '2.' || (random() * 4)::int)
    FROM devices d WHERE d.unique_id LIKE 'bu-%' AND random() < 0.9`);
await owner.query(`
  INSERT INTO users (id, username, display_name, password_hash)
  SELECT gen_random_uuid(), 'bench-user-' || i, 'Bench user ' || i, 'x' FROM generate_series(1, $1 * 5) i`, [tenants]);
await owner.query(`
  INSERT INTO memberships (tenant_id, user_id, role)
  SELECT t.id, u.id, 'viewer' FROM (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM tenants WHERE name LIKE 'Bench account %') t
    JOIN (SELECT id, (row_number() OVER (ORDER BY username) - 1) / 5 AS n FROM users WHERE username LIKE 'bench-user-%') u ON u.n = t.n`);
await owner.query(`
  INSERT INTO alerts (tenant_id, device_id, type, dedup_key, severity, status, message, opened_at, last_seen_at)
  SELECT d.tenant_id, d.id, 'bench', d.id::text, CASE WHEN random() < 0.2 THEN 'critical' ELSE 'warning' END,
         CASE WHEN random() < 0.5 THEN 'open' ELSE 'resolved' END, 'bench', now(), now()
    FROM devices d WHERE d.unique_id LIKE 'bu-%' AND random() < 0.2`);
await owner.query(`
  INSERT INTO ops_ingest_counts (client_tenant_id, grain, bucket, stored, duplicates, rejected_key, rejected_retention)
  SELECT t.id, g.grain, b.bucket, 1000 + (random() * 500)::int, (random() * 5)::int, (random() * 2)::int, 0
    FROM tenants t
    CROSS JOIN (VALUES ('minute', interval '1 minute', 120), ('hour', interval '1 hour', 192), ('day', interval '1 day', 400)) g(grain, step, n)
    CROSS JOIN LATERAL (SELECT date_trunc(g.grain, now()) - k * g.step AS bucket FROM generate_series(0, g.n - 1) k) b
   WHERE t.kind = 'client'`);
await owner.query(`INSERT INTO ops_tenant_totals (client_tenant_id, positions) SELECT id, 5000000 FROM tenants WHERE kind = 'client' ON CONFLICT DO NOTHING`);
await owner.query('ANALYZE');
const counts = (await owner.query<{ t: string; u: string; s: string; c: string }>(`
  SELECT (SELECT count(*) FROM tenants) t, (SELECT count(*) FROM registry_devices WHERE assigned_tenant_id IS NOT NULL) u,
         (SELECT count(*) FROM device_state) s, (SELECT count(*) FROM ops_ingest_counts) c`)).rows[0];
console.log(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s: ${counts?.t} accounts, ${counts?.u} assigned units, ${counts?.s} device states, ${counts?.c} counter rows`);

const db = createFleetDb({ connectionString: boot.appUrl, max: 4 });
const app = await buildApp({ db, config: { ...appConfig(boot.signingKey), monitoringJobs: false }, logger: { level: 'error' } });
await app.ready();
const token = await accessTokenFor(app, 'operator', demoTenants.nordicFleetServices.id);
const someTenant = (await owner.query<{ id: string }>("SELECT id FROM tenants WHERE name = 'Bench account 0500'")).rows[0]?.id;

async function statements(): Promise<number> {
  const { rows } = await owner.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0]?.n ?? 0);
}

async function measure(label: string, urlOf: string | ((i: number) => string), options: { runs?: number; everyMs?: number } = {}): Promise<void> {
  const times: number[] = [];
  let bytes = 0;
  const before = await statements();
  const count = options.runs ?? runs;
  for (let i = 0; i < count + 2; i += 1) {
    if (options.everyMs && i > 0) await new Promise((resolve) => setTimeout(resolve, options.everyMs));
    const start = process.hrtime.bigint();
    const url = typeof urlOf === 'string' ? urlOf : urlOf(i);
    const response = await app.inject({ url, headers: bearer(token) });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    bytes = response.body.length;
    if (i >= 2) times.push(ms); // the first two warm the plan cache and the JIT
  }
  const transactions = ((await statements()) - before - 1) / (count + 2);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const worst = times.at(-1) ?? NaN;
  console.log(`${label.padEnd(52)} median ${median.toFixed(1).padStart(7)} ms  max ${worst.toFixed(1).padStart(7)} ms  (${(bytes / 1024).toFixed(0)} kB, ${transactions.toFixed(1)} transactions/request; goal < 300 ms) ${median < 300 ? 'OK' : 'OVER'}`);
}

// Cold: a silence window not asked for before, so the rows are computed (one aggregate over every unit).
await measure('overview, cold: rows computed, first 50', (i) => `/api/operations/tenants?sort=silent&order=desc&limit=50&silentHours=${100 + i}`);
// Warm: the rows of the last 10 s, sorted, searched and paged in Node.
await measure('overview, warm: sorted by silent units, first 50', '/api/operations/tenants?sort=silent&order=desc&limit=50');
await measure('overview, warm: search "0500"', '/api/operations/tenants?q=0500');
// Watched: a provider asking every second for 40 s, across four expiries of the shared rows,
// which are recomputed in the background while the page is watched (decision 0370).
await measure('overview, watched: asked every second for 40 s', '/api/operations/tenants?sort=silent&order=desc&limit=50', { runs: 40, everyMs: 1_000 });
await measure('tenant page with 48 h + 30 d history', `/api/operations/tenants/${someTenant}`);
await measure('inventory health: silent > 24 h, first 50', '/api/operations/units?filter=silent&limit=50');
await measure('inventory health: low battery, first 50', '/api/operations/units?filter=low-battery&limit=50');
console.log(`load average at end ${load()}`);
await app.close();
await db.close();
await owner.end();
await postgres.stop();
