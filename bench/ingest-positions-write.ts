/**
 * How much a batch of positions costs PostgreSQL, written different ways (issue 17, decision 0410).
 * One embedded cluster, the real schema (RLS, partitions, the dirty-day marks), the app role in a
 * tenant transaction like ingest's. Each round writes BENCH_ROWS new fixes (BENCH_DEVICES devices,
 * 1 s apart) with every variant in turn, interleaved, so the machine's load hits all of them alike;
 * it prints the backend's CPU (from /proc, independent of how busy the machine is) and wall time
 * per row, and checks the row counts.
 *
 * Variants: `unnest` is insertPositions as ingest runs it (binary arrays + unnest, ON CONFLICT
 * DO NOTHING RETURNING, the marks in the same statement); `copy` COPYs the batch into a temporary
 * staging table and inserts from it with the same conflict handling and marks (PostgreSQL refuses
 * COPY into positions itself: row-level security applies to it).
 *
 * Run: node bench/ingest-positions-write.ts (BENCH_ROWS, BENCH_ROUNDS, BENCH_DEVICES).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { demoTenants } from '../demo/demo-accounts.ts';
import { binaryArray } from '../server/db/binary-arrays.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb, type DbSession } from '../server/db/fleet-db.ts';
import { ensurePartitions, insertPositions } from '../server/ingest/position-writer.ts';
import { copyPositions } from './ingest-positions-copy.ts';
import type { ResolvedReport } from '../server/ingest/report.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const rows = Number(process.env.BENCH_ROWS ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const deviceCount = Number(process.env.BENCH_DEVICES ?? 10_000);
const tenant = demoTenants.cityUtilities.id;
const timeZone = 'Europe/Stockholm';

const postgres = await startTestPostgres();
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });
const owner = new pg.Client({ connectionString: ownerUrl });
await owner.connect();
await owner.query('BEGIN');
await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
const ids = (await owner.query<{ id: string }>(
  `INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, 'bench-' || i, 'Bench ' || i FROM generate_series(1, $2) i RETURNING id`,
  [tenant, deviceCount],
)).rows.map((r) => r.id);
await owner.query('COMMIT');
await owner.query('ANALYZE');
await owner.end();

const db = createFleetDb({ connectionString: boot.appUrl, max: 1 });
type Variant = (session: DbSession, batch: readonly ResolvedReport[]) => Promise<number>;
const variants: Record<string, Variant> = {
  unnest: async (s, batch) => {
    const r = await insertPositions(s, batch, timeZone);
    return r.fresh === null ? batch.length : r.fresh.size;
  },
  surely: async (s, batch) => {
    await insertPositions(s, batch, timeZone, true);
    return batch.length;
  },
  // Diagnostics: the same insert without the marks, and without ON CONFLICT either.
  conflict: (s, batch) => bare(s, batch, 'ON CONFLICT DO NOTHING RETURNING 1'),
  plain: (s, batch) => bare(s, batch, 'RETURNING 1'),
  copy: async (s, batch) => {
    const r = await copyPositions(s, batch, timeZone);
    return r.fresh === null ? batch.length : r.fresh.size;
  },
};

async function bare(s: DbSession, batch: readonly ResolvedReport[], tail: string): Promise<number> {
  const col = <T>(pick: (r: ResolvedReport) => T): T[] => batch.map(pick);
  const result = await s.query(
    `WITH stored AS (INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, altitude_m, accuracy_m, valid, ignition)
       SELECT (SELECT app_current_tenant()), d, t, lat, lon, sp, c, a, acc, v, i
         FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[], $8::float4[], $9::bool[], $10::bool[])
              AS x(d, t, lat, lon, sp, c, a, acc, v, i) ${tail}) SELECT count(*)::int AS n FROM stored`,
    [binaryArray('uuid', col((r) => r.deviceId)), binaryArray('timestamptz', col((r) => r.fixTime)), binaryArray('float8', col((r) => r.latitude)),
      binaryArray('float8', col((r) => r.longitude)), binaryArray('float4', col((r) => r.speedKmh)), binaryArray('float4', col((r) => r.course)),
      binaryArray('float4', col((r) => r.altitudeM)), binaryArray('float4', col((r) => r.accuracyM)), binaryArray('bool', col((r) => r.valid)),
      binaryArray('bool', col((r) => r.ignition))],
  );
  return Number((result.rows[0] as { n: number } | undefined)?.n ?? 0);
}

// Each device's fixes 1 s apart, every batch a fresh second per device: every row is new.
const start = Date.now() - 3_600_000;
let cursor = 0;
function nextBatch(): ResolvedReport[] {
  const batch: ResolvedReport[] = [];
  for (let i = 0; i < rows; i++, cursor++) {
    const device = ids[cursor % ids.length] as string;
    const second = Math.floor(cursor / ids.length);
    batch.push({
      uniqueId: 'x', tenantId: tenant, deviceId: device, fixTime: start + second * 1000 + (cursor % 1000),
      latitude: 57.7 + (cursor % 100) * 1e-4, longitude: 11.9 + (cursor % 77) * 1e-4, speedKmh: 40 + (cursor % 30), course: cursor % 360,
      altitudeM: 12, accuracyM: 5, valid: true, ignition: true, batteryVoltage: null, batteryLevel: null, charging: null, rpm: null,
      coolantTempC: null, fuelLevel: null, odometerKm: null, dtc: null, driverTag: null, attributes: {},
    });
  }
  return batch;
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
}

await ensurePartitions(db, [start, start + 86_400_000 * 2]);
const pid = await db.withTenant(tenant, async (s) => (await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0);
const totals = new Map(Object.keys(variants).map((k) => [k, { cpu: 0, wall: 0, rows: 0, stored: 0 }]));
const load = [loadavg()[0]];
for (let round = 0; round < rounds + 2; round++) {
  for (const [name, write] of Object.entries(variants)) {
    const batch = nextBatch();
    const cpu0 = backendCpuMs(pid);
    const t0 = performance.now();
    const stored = await db.withTenant(tenant, (s) => write(s, batch));
    const wall = performance.now() - t0;
    const cpu = backendCpuMs(pid) - cpu0;
    // The first two rounds warm caches and plans.
    if (round < 2) continue;
    const t = totals.get(name);
    if (t) {
      t.cpu += cpu;
      t.wall += wall;
      t.rows += batch.length;
      t.stored += stored;
    }
  }
}
load.push(loadavg()[0]);
const count = await db.withTenant(tenant, async (s) => Number((await s.query<{ n: string }>('SELECT count(*) AS n FROM positions')).rows[0]?.n));
console.log(`Positions write, ${rows} rows per batch, ${rounds} rounds per variant (interleaved), load average ${load.map((l) => l?.toFixed(1)).join(' → ')}`);
for (const [name, t] of totals) {
  console.log(`  ${name.padEnd(8)} PostgreSQL backend CPU ${((t.cpu * 1000) / t.rows).toFixed(1)} µs/row, wall ${((t.wall * 1000) / t.rows).toFixed(1)} µs/row; stored ${t.stored} of ${t.rows}`);
}
console.log(`  rows in positions: ${count} (expected ${(rounds + 2) * rows * Object.keys(variants).length})`);
await db.close();
await postgres.stop();
