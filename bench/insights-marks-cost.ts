/**
 * What a batch's dirty-day marks cost PostgreSQL (issue 13's "< 5 % of ingest", decision 0506).
 * One embedded cluster, the real schema and RLS, the app role in a tenant transaction like
 * ingest's. BENCH_DEVICES devices each already have a mark for today (the steady state of a
 * reporting fleet: the job took the marks of the previous round, the next flush made them
 * again); each batch has one new fix per device, so every mark statement meets an existing mark
 * whose oldest fix is older (nothing to change). Variants run interleaved, round after round,
 * and the backend's CPU is read from /proc (independent of how busy the machine is).
 *
 * Variants of the marks statement alone (input: the batch's device, fix time and day arrays):
 * - `group`: only the GROUP BY (device, day) the others start with — the floor;
 * - `update`: INSERT … ON CONFLICT DO UPDATE … WHERE <false> (as ingest marks: the existing mark
 *   is locked, a heap write and a WAL record per row);
 * - `nothing`: INSERT … ON CONFLICT DO NOTHING (no lock, but no lowering of first_fix either);
 * - `update-unlogged`, `nothing-unlogged`: the same on an UNLOGGED copy of the table (no WAL);
 * Then the whole surely-new positions statement without marks (`positions`) and as ingest runs it
 * (`positions+marks`, insertPositions): the marks' cost is the difference. Every variant's plan is
 * also shown with EXPLAIN (ANALYZE, BUFFERS, WAL).
 *
 * Run: npm run bench:marks (BENCH_DEVICES, BENCH_ROUNDS).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { localDay } from '../contract/time/local-day.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { binaryArray, binaryTextArray } from '../server/db/binary-arrays.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb, type DbSession } from '../server/db/fleet-db.ts';
import { attributesOf, ensurePartitions, insertPositions, newPositionsSql } from '../server/ingest/position-writer.ts';
import type { ResolvedReport } from '../server/ingest/report.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const deviceCount = Number(process.env.BENCH_DEVICES ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 150);
const tenant = demoTenants.cityUtilities.id;
const timeZone = 'UTC';

const postgres = await startTestPostgres();
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });
const owner = new pg.Client({ connectionString: ownerUrl });
await owner.connect();
await owner.query('BEGIN');
await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
const ids = (await owner.query<{ id: string }>(
  `INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, 'marks-' || i, 'Marks ' || i FROM generate_series(1, $2) i RETURNING id`,
  [tenant, deviceCount],
)).rows.map((r) => r.id);
await owner.query('COMMIT');
// The same table without WAL, to tell the lock's WAL record from the rest of its cost.
const appRole = new URL(boot.appUrl).username;
await owner.query(`CREATE UNLOGGED TABLE marks_unlogged (LIKE insights_dirty_days INCLUDING ALL);
  ALTER TABLE marks_unlogged ENABLE ROW LEVEL SECURITY; ALTER TABLE marks_unlogged FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON marks_unlogged USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
  GRANT SELECT, INSERT, UPDATE, DELETE ON marks_unlogged TO "${appRole}"`);

// Every fix of the run lies on yesterday's date from 01:00 on (the tenant's zone does not matter:
// the bench passes the day itself): the marks made first are older than every batch's fixes.
const start = (Math.floor(Date.now() / 86_400_000) - 1) * 86_400_000 + 3_600_000;
const today = localDay(start, 'UTC');
const markRows = (table: string) =>
  owner.query(`INSERT INTO ${table} (tenant_id, device_id, day, first_fix) SELECT $1, d, $2::date, to_timestamp($3 / 1000.0) FROM unnest($4::uuid[]) d`, [tenant, today, start, ids]);
await markRows('insights_dirty_days');
await markRows('marks_unlogged');
await owner.query('ANALYZE');

const db = createFleetDb({ connectionString: boot.appUrl, max: 1 });
let second = 0;
function nextBatch(): ResolvedReport[] {
  second++;
  return ids.map((device, i) => ({
    uniqueId: 'x', tenantId: tenant, deviceId: device, fixTime: start + second * 1000 + (i % 1000),
    latitude: 57.7 + (i % 100) * 1e-4, longitude: 11.9 + (i % 77) * 1e-4, speedKmh: 40 + (i % 30), course: i % 360,
    altitudeM: 12, accuracyM: 5, valid: true, ignition: true, batteryVoltage: null, batteryLevel: null, charging: null, rpm: null,
    coolantTempC: null, fuelLevel: null, odometerKm: null, dtc: null, driverTag: null, attributes: {},
  }));
}

const input = `x AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::date[]) AS x(d, t, day))`;
const upsert = (table: string, onConflict: string) => `WITH ${input}
  INSERT INTO ${table} AS m (tenant_id, device_id, day, first_fix)
  SELECT (SELECT app_current_tenant()), x.d, x.day, min(x.t) FROM x GROUP BY x.d, x.day ${onConflict}`;
const lowerOnly = `ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET first_fix = excluded.first_fix
  WHERE m.first_fix IS NOT NULL AND excluded.first_fix < m.first_fix`;
const marksOnly: Record<string, string> = {
  group: `WITH ${input} SELECT count(*) FROM (SELECT x.d, x.day, min(x.t) FROM x GROUP BY x.d, x.day) g`,
  update: upsert('insights_dirty_days', lowerOnly),
  nothing: upsert('insights_dirty_days', 'ON CONFLICT DO NOTHING'),
  'update-unlogged': upsert('marks_unlogged', lowerOnly),
  'nothing-unlogged': upsert('marks_unlogged', 'ON CONFLICT DO NOTHING'),
};

// The surely-new positions statement with its marks, as ingest runs it (for EXPLAIN).
const positionsWithMarksSql = newPositionsSql;
// The same positions without any mark: what the marks add is the difference.
const positionsOnlySql = positionsWithMarksSql.slice(0, positionsWithMarksSql.indexOf('INSERT INTO insights_dirty_days')).trimEnd() + ' SELECT 1';
const positionArgs = (batch: readonly ResolvedReport[]) => [
  binaryArray('uuid', batch.map((r) => r.deviceId)), binaryArray('timestamptz', batch.map((r) => r.fixTime)), binaryArray('float8', batch.map((r) => r.latitude)),
  binaryArray('float8', batch.map((r) => r.longitude)), binaryArray('float4', batch.map((r) => r.speedKmh)), binaryArray('float4', batch.map((r) => r.course)),
  binaryArray('float4', batch.map((r) => r.altitudeM)), binaryArray('float4', batch.map((r) => r.accuracyM)), binaryArray('bool', batch.map((r) => r.valid)),
  binaryArray('bool', batch.map((r) => r.ignition)), binaryTextArray(batch.map(attributesOf)), binaryArray('date', batch.map(() => today)),
];

type Variant = (s: DbSession, batch: readonly ResolvedReport[]) => Promise<unknown>;
const marksArgs = (batch: readonly ResolvedReport[]) => [
  binaryArray('uuid', batch.map((r) => r.deviceId)), binaryArray('timestamptz', batch.map((r) => r.fixTime)), binaryArray('date', batch.map(() => today)),
];
const variants: Record<string, Variant> = {
  ...Object.fromEntries(Object.entries(marksOnly).map(([name, text]) => [name, (s: DbSession, batch: readonly ResolvedReport[]) => s.query({ name: `bench_${name}`, text, values: marksArgs(batch) })])),
  positions: (s, batch) => s.query({ name: 'bench_positions', text: positionsOnlySql, values: positionArgs(batch) }),
  'positions+marks': (s, batch) => insertPositions(s, batch, timeZone, true),
};

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
}

await ensurePartitions(db, [start, Date.now()]);
const pid = await db.withTenant(tenant, async (s) => (await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0);
const totals = new Map(Object.keys(variants).map((k) => [k, { cpu: 0, wall: 0, batches: 0 }]));
const load = [loadavg()[0]];
for (let round = 0; round < rounds + 2; round++) {
  for (const [name, run] of Object.entries(variants)) {
    const batch = nextBatch();
    const cpu0 = backendCpuMs(pid);
    const t0 = performance.now();
    await db.withTenant(tenant, (s) => run(s, batch));
    const wall = performance.now() - t0;
    const cpu = backendCpuMs(pid) - cpu0;
    if (round < 2) continue; // the first two rounds warm caches and plans
    const t = totals.get(name);
    if (t) {
      t.cpu += cpu;
      t.wall += wall;
      t.batches++;
    }
  }
}
load.push(loadavg()[0]);
console.log(`Marks of ${deviceCount} devices with a mark each, ${rounds} batches per variant (interleaved), load average ${load.map((l) => l?.toFixed(1)).join(' → ')}`);
console.log('  variant            backend CPU per batch   wall per batch (transaction)');
for (const [name, t] of totals) console.log(`  ${name.padEnd(18)} ${(t.cpu / t.batches).toFixed(2).padStart(8)} ms ${(t.wall / t.batches).toFixed(2).padStart(16)} ms`);

// One plan per marks variant, inside a transaction that is rolled back.
interface Node { 'Node Type': string; 'Actual Total Time': number; 'Shared Hit Blocks'?: number; 'Shared Dirtied Blocks'?: number; 'WAL Records'?: number; 'WAL Bytes'?: number; 'WAL FPI'?: number; Plans?: Node[] }
const shape = (n: Node): string => `${n['Node Type']} ${n['Actual Total Time'].toFixed(2)}${n.Plans ? ` [${n.Plans.map(shape).join(', ')}]` : ''}`;
const explains = Number(process.env.BENCH_EXPLAINS ?? 40);
console.log(`\nEXPLAIN (ANALYZE, BUFFERS, WAL): mean execution time of ${explains} batches each (interleaved, each rolled back); buffers and WAL of the last`);
const explained: Record<string, { text: string; args: (batch: readonly ResolvedReport[]) => unknown[] }> = {
  ...Object.fromEntries(Object.entries(marksOnly).map(([name, text]) => [name, { text, args: marksArgs }])),
  positions: { text: positionsOnlySql, args: positionArgs },
  'positions+marks': { text: positionsWithMarksSql, args: positionArgs },
};
const plans = new Map<string, { ms: number; last?: { Plan: Node; 'Execution Time': number } }>(Object.keys(explained).map((k) => [k, { ms: 0 }]));
for (let i = 0; i < explains; i++) {
  for (const [name, { text, args }] of Object.entries(explained)) {
    const batch = nextBatch();
    const plan = await db.withTenant(tenant, async (s) => {
      const r = await s.query<{ 'QUERY PLAN': [{ Plan: Node; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT JSON) ${text}`, args(batch));
      await s.query('ROLLBACK; BEGIN'); // the plan's effects vanish; withTenant commits an empty transaction
      return r.rows[0]?.['QUERY PLAN'][0];
    });
    const entry = plans.get(name);
    if (!plan || !entry) continue;
    entry.ms += plan['Execution Time'];
    entry.last = plan;
  }
}
// Buffers and WAL as the top node reports them: right for the marks alone; a statement whose
// other writes are CTEs (the positions variants) reports only part of them there.
type Counter = 'Shared Hit Blocks' | 'Shared Dirtied Blocks' | 'WAL Records' | 'WAL Bytes' | 'WAL FPI';
const total = (n: Node, c: Counter): number => n[c] ?? 0;
for (const [name, { ms, last }] of plans) {
  if (!last) continue;
  const p = last.Plan;
  console.log(`  ${name.padEnd(18)} ${(ms / explains).toFixed(2)} ms; buffers hit ${total(p, 'Shared Hit Blocks')}, dirtied ${total(p, 'Shared Dirtied Blocks')}; WAL ${total(p, 'WAL Records')} records, ${total(p, 'WAL Bytes')} bytes, ${total(p, 'WAL FPI')} FPI`);
  console.log(`    ${shape(p)}`);
}
const left = await db.withTenant(tenant, async (s) => (await s.query<{ n: number; late: number }>(
  'SELECT count(*)::int AS n, count(*) FILTER (WHERE first_fix <> to_timestamp($1 / 1000.0))::int AS late FROM insights_dirty_days', [start])).rows[0]);
console.log(`\nmarks after the run: ${left?.n} (expected ${deviceCount}), of which with another first_fix: ${left?.late} (expected 0)`);
await owner.end();
await db.close();
await postgres.stop();
