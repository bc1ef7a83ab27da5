/**
 * The insights dashboard's queries (GET /api/insights, server/routes/api/insights/) over daily
 * figures of 10,000 vehicles × 90 days (issue 13 target: < 200 ms). Fills insights_daily of one
 * tenant with synthetic rows (two driver slots per vehicle-day: unassigned time and one of 12,000
 * drivers, who change vehicles from day to day) and its vehicle rollup (migration 110), then
 * times the API for a week, a month and the full 90 days, whole fleet and one group, and counts
 * the statements it runs. The answer is the totals plus one ranked page per list (decision 0220).
 * A group's cases run interleaved with the same group marked stale (migration 145), which reads
 * the rows below its rollups as every group request did before (decision 0405), and check that
 * both answers are the same. Each case is asked afresh (after the answers kept by the route are made
 * stale, as a write of the daily figures job makes them) and again (kept, decision 0435), and
 * both answers must be byte-identical.
 * Prints the load average: on a shared machine the figures move with it.
 * BENCH_EXPLAIN=1 also prints each statement's plan (EXPLAIN ANALYZE, BUFFERS) per case.
 * BENCH_CASES=<text> runs only the cases whose label contains it.
 * BENCH_KEEP_DIR=<folder> keeps the cluster and its filled database there between runs (the fill
 * takes minutes): a later run with the same folder and the same day skips the fill, and applies
 * whatever migrations are new, as the fleet cloud does on start.
 * Run: npm run bench:insights
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import type { InsightsQuery } from '../contract/api/insights.ts';
import { localDay } from '../contract/time/local-day.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import type { DbSession } from '../server/db/fleet-db.ts';
import { fleetInsights } from '../server/routes/api/insights/insights-repository.ts';
import { accessTokenFor, bearer, createTestFleet } from '../server/test/test-fleet.ts';
import { startTestPostgres, type TestPostgres } from '../server/test/test-postgres.ts';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const vehicles = 10_000;

/** A session that prints each statement's plan with PostgreSQL's own timing and buffer counts before running it. */
function explaining(db: DbSession): DbSession {
  const query = async (config: string | pg.QueryConfig, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    const params = typeof config === 'string' ? values : (config.values ?? values);
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    console.log(`\n${text.replace(/\s+/g, ' ').trim().slice(0, 100)}…\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    return db.query(config as pg.QueryConfig, params);
  };
  // pg's query() has a dozen overloads; this forwarder serves the two forms the repository uses.
  return { query } as unknown as DbSession;
}
const days = 90;
const tenant = demoTenants.gothenburgFreight;

/** A cluster kept in `dir` between runs, one database in it (BENCH_KEEP_DIR). */
async function keptPostgres(dir: string): Promise<TestPostgres> {
  const cluster = await startEmbeddedPostgres({ dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  return {
    async createDatabase() {
      await cluster.ensureDatabase('bench_insights');
      return cluster.url('bench_insights');
    },
    stop: () => cluster.stop(),
  };
}

/** The bench's fleet: 10,000 vehicles (a quarter in `groupId`), 12,000 drivers, 90 days of daily figures and their rollups. */
async function fill(owner: pg.Client, groupId: string | null, today: string): Promise<void> {
  // A kept database filled on an earlier day: its rows are dated from that day, so start again.
  if (keepDir) await owner.query("DELETE FROM insights_daily WHERE tenant_id = $1; DELETE FROM insights_vehicle_daily WHERE tenant_id = $1; DELETE FROM drivers WHERE tenant_id = $1 AND name LIKE 'Bench driver %'; DELETE FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%'".replaceAll('$1', `'${tenant.id}'`));
  await owner.query(
    `INSERT INTO devices (tenant_id, unique_id, name, group_id)
     SELECT $1, 'BENCH-' || i, 'Bench ' || i, CASE WHEN i % 4 = 0 THEN $3::uuid END FROM generate_series(1, $2) AS i`,
    [tenant.id, vehicles, groupId],
  );
  await owner.query(`INSERT INTO drivers (tenant_id, id, name) SELECT $1, md5('bench-driver' || i)::uuid, 'Bench driver ' || i FROM generate_series(0, 11999) AS i`, [tenant.id]);
  await owner.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops,
            overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     SELECT $1, $2::date - d, v.id, s.slot, 3000, 80000 + (hashint4(d) % 20000), 7200, 1200, 8400, 95, 8, 120, 2, 1, 1, 12, 300, 4000,
            ($2::date - d)::timestamptz + interval '7 hours', ($2::date - d)::timestamptz + interval '17 hours'
       FROM (SELECT id, row_number() OVER () AS n FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%') AS v
      CROSS JOIN generate_series(0, $3 - 1) AS d
      CROSS JOIN LATERAL (VALUES ('00000000-0000-0000-0000-000000000000'::uuid), (md5('bench-driver' || ((v.n + d) % 12000))::uuid)) AS s(slot)`,
    [tenant.id, today, days],
  );
  // The rollups the daily figures job keeps above the slot rows (server/insights/daily-job.ts):
  // vehicle-days, then spans, fleet days and driver spans (migration 138).
  await owner.query(`INSERT INTO insights_vehicle_daily
    SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
      FROM insights_daily WHERE tenant_id = $1 GROUP BY tenant_id, day, device_id`, [tenant.id]);
  await owner.query('SELECT insights_rebuild_rollups()');
  // The steady state: autovacuum has visited the days that no longer change, so their pages are
  // all-visible and the covering keys answer from the index alone.
  const tables = ['insights_daily', 'insights_vehicle_daily', 'insights_vehicle_spans', 'insights_fleet_daily', 'insights_driver_spans', 'insights_group_daily',
    'insights_group_driver_spans', 'devices', 'drivers'];
  // A vacuum that runs while another session's snapshot predates the rollups' insert (the fleet's
  // own jobs) cannot mark their pages all-visible, and every index-only scan then visits the heap:
  // vacuum again until the rollups' pages are all-visible, as autovacuum leaves them.
  for (let round = 0; round < 10; round++) {
    await owner.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
    const visible = await owner.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM pg_class WHERE relname = ANY ($1) AND relpages > 0 AND relallvisible < relpages`, [tables]);
    if (visible.rows[0]?.missing === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

console.log(`load average at start: ${load()}`);
const keepDir = process.env.BENCH_KEEP_DIR;
const postgres = keepDir ? await keptPostgres(keepDir) : await startTestPostgres();
const fleet = await createTestFleet(postgres);
try {
  const owner = new pg.Client({ connectionString: fleet.ownerUrl });
  await owner.connect();
  const t = performance.now();
  const group = await owner.query<{ id: string }>('SELECT id FROM groups WHERE tenant_id = $1 ORDER BY name LIMIT 1', [tenant.id]);
  const today = localDay(Date.now(), 'Europe/Stockholm');
  const filled = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM insights_daily WHERE tenant_id = $1 AND day = $2', [tenant.id, today]);
  const kept = (filled.rows[0]?.n ?? 0) === vehicles * 2;
  if (!kept) await fill(owner, group.rows[0]?.id ?? null, today);
  const rows = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM insights_daily');
  console.log(`${kept ? `kept from an earlier run in ${keepDir}` : 'filled'} ${rows.rows[0]?.n.toLocaleString('en')} rows (${vehicles.toLocaleString('en')} vehicles × ${days} days × 2 driver slots)${kept ? '' : ` in ${((performance.now() - t) / 1000).toFixed(1)} s`}`);

  const driverId = (await owner.query<{ id: string }>(`SELECT md5('bench-driver' || 7)::uuid AS id`)).rows[0]?.id ?? '';
  const groupId = group.rows[0]?.id ?? '';
  const token = await accessTokenFor(fleet.app, 'maria', tenant.id);
  const day = (offset: number) => localDay(Date.now() - offset * 86_400_000, 'Europe/Stockholm');
  const cases = [
    { label: 'week, whole fleet', query: `from=${day(6)}&to=${today}` },
    { label: 'month, whole fleet', query: `from=${day(29)}&to=${today}` },
    { label: '90 days, whole fleet', query: `from=${day(89)}&to=${today}` },
    { label: 'week, one group', query: `from=${day(6)}&to=${today}&groupId=${groupId}` },
    { label: 'month, one group', query: `from=${day(29)}&to=${today}&groupId=${groupId}` },
    { label: '90 days, one group', query: `from=${day(89)}&to=${today}&groupId=${groupId}` },
    { label: 'week, worst score first', query: `from=${day(6)}&to=${today}&sort=score&order=asc` },
    { label: 'week, one driver', query: `from=${day(6)}&to=${today}&driverId=${driverId}` },
  ];
  const get = async (c: (typeof cases)[number]) => {
    const start = performance.now();
    const response = await fleet.app.inject({ url: `/api/insights?${c.query}`, headers: bearer(token) });
    const ms = performance.now() - start;
    if (response.statusCode !== 200) throw new Error(`${c.label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    return { ms, body: response.body };
  };
  // A group marked stale (migration 145: a vehicle moved) is read from the rows below its rollups:
  // the path every group request took before. Its runs interleave with the rollups' (A/B at the
  // same load), and both answers must be the same.
  const markStale = (stale: boolean) => owner.query(stale
    ? 'INSERT INTO insights_group_stale (tenant_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING'
    : 'DELETE FROM insights_group_stale WHERE tenant_id = $1 AND group_id = $2', [tenant.id, groupId]);
  const explain = async (c: (typeof cases)[number]) => {
    if (!process.env.BENCH_EXPLAIN) return;
    const query = Object.fromEntries(new URLSearchParams(c.query)) as unknown as InsightsQuery;
    await fleet.db.withTenant(tenant.id, (db) => fleetInsights(explaining(db), query, 'Europe/Stockholm'));
  };
  // Every answer is kept until a day it reads or a name it shows changes (migration 147, decision
  // 0435). A cold request is one after such a change — as after each round of the daily figures
  // job that wrote one of the period's days: a new names version makes every kept answer stale.
  const forget = () => owner.query(
    `INSERT INTO insights_name_versions (tenant_id, version) VALUES ($1, nextval('insights_version_seq'))
     ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version`, [tenant.id]);
  // BENCH_CASES=<text>: only the cases whose label contains it (a quicker look at one).
  for (const c of cases.filter((k) => k.label.includes(process.env.BENCH_CASES ?? ''))) {
    const times: number[] = [];
    const kept: number[] = [];
    const before: number[] = [];
    let bytes = 0;
    const grouped = c.query.includes('groupId=');
    for (let run = 0; run < 5; run++) {
      let old: Awaited<ReturnType<typeof get>> | undefined;
      if (grouped) {
        await forget();
        await markStale(true);
        old = await get(c);
        before.push(old.ms);
        await markStale(false);
      }
      await forget();
      const answer = await get(c);
      times.push(answer.ms);
      const again = await get(c);
      kept.push(again.ms);
      if (again.body !== answer.body) throw new Error(`${c.label}: the kept answer differs from the one made afresh`);
      if (old && answer.body !== old.body) throw new Error(`${c.label}: the rollups' answer differs from the rows'\n${answer.body.slice(0, 400)}\n${old.body.slice(0, 400)}`);
      bytes = answer.body.length;
    }
    const ab = grouped ? `; from the rows below (before 0405): median ${median(before).toFixed(0)} ms, ratio ${(median(before) / median(times)).toFixed(1)}×, same answer` : '';
    console.log(`${c.label.padEnd(24)} made afresh: first ${times[0]?.toFixed(0)} ms, median of 5 ${median(times).toFixed(0)} ms; kept: median ${median(kept).toFixed(1)} ms `
      + `(${(median(times) / median(kept)).toFixed(0)}× less, same answer; ${(bytes / 1024).toFixed(0)} kB)${ab}; load ${load()}`);
    if (grouped) {
      await markStale(true);
      await explain(c);
      await markStale(false);
    }
    await explain(c);
  }
  // What keeping the group rollups adds to the daily figures job (no work is added to ingest): one
  // round's refresh of 200 of today's vehicle-days (the job's batch) and their drivers, with the
  // group rollups (insights_refresh_rollups) and without (insights_refresh_vehicle_rollups,
  // migration 138's), interleaved, each rolled back.
  const refresh = async (fn: string) => {
    await owner.query('BEGIN');
    try {
      const start = performance.now();
      await owner.query(
        `WITH batch AS (SELECT id FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%' ORDER BY unique_id LIMIT 200),
              slots AS (SELECT driver_slot FROM insights_daily WHERE tenant_id = $1 AND day = $2 AND device_id IN (SELECT id FROM batch) AND driver_slot <> $3)
         SELECT ${fn}((SELECT array_agg(id) FROM batch), (SELECT array_agg($2::date) FROM batch), (SELECT array_agg(driver_slot) FROM slots), (SELECT array_agg($2::date) FROM slots))`,
        [tenant.id, today, '00000000-0000-0000-0000-000000000000'],
      );
      return performance.now() - start;
    } finally {
      await owner.query('ROLLBACK');
    }
  };
  const withGroups: number[] = [];
  const without: number[] = [];
  for (let run = 0; run < 5; run++) {
    without.push(await refresh('insights_refresh_vehicle_rollups'));
    withGroups.push(await refresh('insights_refresh_rollups'));
  }
  console.log(`job refresh of 200 vehicle-days: with group rollups median ${median(withGroups).toFixed(0)} ms, without ${median(without).toFixed(0)} ms (ratio ${(median(withGroups) / median(without)).toFixed(2)}×); load ${load()}`);
  // What the version triggers (migration 147) add to the job's write of a round: 200 of today's
  // vehicle-days replaced (slot rows and vehicle-days, deleted and inserted as the job does), with
  // the triggers and without them (session_replication_role = replica skips them), interleaved,
  // each rolled back.
  const replace = async (triggers: boolean) => {
    await owner.query('BEGIN');
    try {
      if (!triggers) await owner.query('SET LOCAL session_replication_role = replica');
      const start = performance.now();
      const batch = `SELECT id FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%' ORDER BY unique_id LIMIT 200`;
      await owner.query(`CREATE TEMP TABLE slot_rows ON COMMIT DROP AS SELECT * FROM insights_daily WHERE tenant_id = $1 AND day = $2 AND device_id IN (${batch})`, [tenant.id, today]);
      await owner.query(`DELETE FROM insights_daily WHERE tenant_id = $1 AND day = $2 AND device_id IN (${batch})`, [tenant.id, today]);
      await owner.query(`DELETE FROM insights_vehicle_daily WHERE tenant_id = $1 AND day = $2 AND device_id IN (${batch})`, [tenant.id, today]);
      await owner.query('INSERT INTO insights_daily SELECT * FROM slot_rows');
      await owner.query(`INSERT INTO insights_vehicle_daily
        SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
               sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
          FROM slot_rows GROUP BY tenant_id, day, device_id`);
      return performance.now() - start;
    } finally {
      await owner.query('ROLLBACK');
    }
  };
  const withTriggers: number[] = [];
  const withoutTriggers: number[] = [];
  for (let run = 0; run < 5; run++) {
    withoutTriggers.push(await replace(false));
    withTriggers.push(await replace(true));
  }
  console.log(`job write of 200 vehicle-days: with version triggers median ${median(withTriggers).toFixed(0)} ms, without ${median(withoutTriggers).toFixed(0)} ms `
    + `(ratio ${(median(withTriggers) / median(withoutTriggers)).toFixed(2)}×); load ${load()}`);
  await owner.end();
} finally {
  await fleet.close();
  await postgres.stop();
}
console.log(`load average at end: ${load()}`);
