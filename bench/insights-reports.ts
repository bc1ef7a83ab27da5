/**
 * Issue 13's report target: one month's fleet insights report for 1,000 vehicles generated in
 * < 5 s as CSV, as XLSX and as PDF, each. Fills the daily figures of one tenant (1,000 vehicles
 * × 31 days, two driver slots per vehicle-day, 1,200 drivers), then times, five times each:
 * reading the report from PostgreSQL (the statements a scheduled report runs, counted), and
 * writing each format from it (contract/reports, the code the console and the scheduled e-mail
 * share). A format's figure is the read plus its writing: what a manager waits for. The PDF is
 * also written by five fresh processes (bench/report-pdf-cold.ts): the first report after a start
 * pays for loading the writer and parsing its fonts (BENCH_PROFILE=<dir> keeps their CPU profiles).
 * Prints the load average: on a shared machine the figures move with it.
 * Run: npm run bench:reports
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PDFDocument } from 'pdf-lib';
import { reportFile } from '../contract/reports/report-files.ts';
import { reportFormats } from '../contract/reports/report-formats.ts';
import type { InsightsReport } from '../contract/reports/insights-report.ts';
import { previousPeriod } from '../contract/reports/report-periods.ts';
import { localDay } from '../contract/time/local-day.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import type { DbSession } from '../server/db/fleet-db.ts';
import { buildInsightsReport } from '../server/reports/report-builder.ts';
import { reportFonts } from '../server/reports/report-fonts.ts';
import { createTestFleet } from '../server/test/test-fleet.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const vehicles = 1_000;
const tenant = demoTenants.gothenburgFreight;
const zone = 'Europe/Stockholm';
const month = previousPeriod('monthly', localDay(Date.now(), zone));

console.log(`load average at start: ${load()}`);
const postgres = await startTestPostgres();
const fleet = await createTestFleet(postgres, { reports: { pollMs: 3_600_000 } });
try {
  const owner = new pg.Client({ connectionString: fleet.ownerUrl });
  await owner.connect();
  let t = performance.now();
  await owner.query(`INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, 'BENCH-' || i, 'Lastbil ' || i || ' Västra Frölunda' FROM generate_series(1, $2) AS i`, [tenant.id, vehicles]);
  await owner.query(`INSERT INTO drivers (tenant_id, id, name) SELECT $1, md5('bench-driver' || i)::uuid, 'Förare ' || i FROM generate_series(0, 1199) AS i`, [tenant.id]);
  await owner.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops,
            overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     SELECT $1, d::date, v.id, s.slot, 3000, 40000 + (hashint4(v.n::int + d::date - $2::date) % 10000), 3600, 600, 4200, 95, 4, 60, 1, 1, 0,
            CASE WHEN v.n % 3 = 0 THEN 6 END, 150, 2000, d::timestamptz + interval '7 hours', d::timestamptz + interval '17 hours'
       FROM (SELECT id, row_number() OVER () AS n FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%') AS v
      CROSS JOIN generate_series($2::date, $3::date, interval '1 day') AS d
      CROSS JOIN LATERAL (VALUES ('00000000-0000-0000-0000-000000000000'::uuid), (md5('bench-driver' || ((v.n + (d::date - $2::date)) % 1200))::uuid)) AS s(slot)`,
    [tenant.id, month.from, month.to],
  );
  await owner.query(`INSERT INTO insights_vehicle_daily
    SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
      FROM insights_daily WHERE tenant_id = $1 GROUP BY tenant_id, day, device_id`, [tenant.id]);
  await owner.query('SELECT insights_rebuild_rollups()');
  await owner.query('VACUUM (ANALYZE) insights_daily, insights_vehicle_daily, insights_vehicle_spans, insights_fleet_daily, insights_driver_spans, devices, drivers');
  const rows = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM insights_daily WHERE tenant_id = $1', [tenant.id]);
  await owner.end();
  console.log(`filled ${rows.rows[0]?.n.toLocaleString('en')} rows (${vehicles.toLocaleString('en')} vehicles × ${month.from}–${month.to} × 2 driver slots) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const fonts = await reportFonts();
  const read = async (): Promise<{ report: InsightsReport; statements: number }> => {
    let statements = 0;
    const report = await fleet.db.withTenant(tenant.id, (db) => {
      // Counts the statements the report runs against the database (the settings read included).
      const query = db.query.bind(db) as (...args: unknown[]) => unknown;
      const counting: DbSession = {
        query: ((...args: unknown[]) => {
          statements += 1;
          return query(...args);
        }) as DbSession['query'],
      };
      return buildInsightsReport(counting, { tenantName: 'Gothenburg Freight AB', timeZone: zone, selection: { kind: 'all' }, period: month });
    });
    return { report, statements };
  };
  const reads: number[] = [];
  let statements = 0;
  let report: InsightsReport | null = null;
  for (let run = 0; run < 5; run++) {
    t = performance.now();
    ({ report, statements } = await read());
    reads.push(performance.now() - t);
  }
  if (!report) throw new Error('no report');
  const vehiclesRows = report.tables.find((x) => x.name === 'Vehicles')?.rows.length ?? 0;
  const driverRows = report.tables.find((x) => x.name === 'Drivers')?.rows.length ?? 0;
  console.log(`read the month's report: median of 5 ${median(reads).toFixed(0)} ms (first ${reads[0]?.toFixed(0)} ms; ${statements} statements; ${vehiclesRows} vehicles, ${driverRows} drivers); load ${load()}`);
  for (const format of reportFormats) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let bytes = 0;
    let pages = '';
    for (let run = 0; run < 5; run++) {
      t = performance.now();
      const cpu = process.cpuUsage();
      const file = await reportFile(report, format, () => Promise.resolve(fonts));
      times.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      bytes = file.content.length;
      if (typeof file.content !== 'string' && format === 'pdf' && run === 0) pages = `, ${(await PDFDocument.load(file.content)).getPageCount()} pages`;
    }
    const write = median(times);
    console.log(`${format.toUpperCase().padEnd(4)} written: median of 5 ${write.toFixed(0)} ms (first ${times[0]?.toFixed(0)} ms; CPU first ${cpuTimes[0]?.toFixed(0)}, median ${median(cpuTimes).toFixed(0)} ms; ${(bytes / 1024).toFixed(0)} kB${pages}); read + write ${(median(reads) + write).toFixed(0)} ms (target < 5,000 ms); load ${load()}`);
  }
  // The first PDF of a process (bench/report-pdf-cold.ts), five fresh processes.
  const dir = await mkdtemp(join(tmpdir(), 'bench-report-'));
  try {
    const file = join(dir, 'report.json');
    await writeFile(file, JSON.stringify(report));
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const cold: number[] = [];
    const coldCpu: number[] = [];
    for (let run = 0; run < 5; run++) {
      const { stdout } = await promisify(execFile)(process.execPath, [...profile, new URL('./report-pdf-cold.ts', import.meta.url).pathname, file]);
      const figures = JSON.parse(stdout) as { ms: number; cpuMs: number };
      cold.push(figures.ms);
      coldCpu.push(figures.cpuMs);
    }
    console.log(`PDF  in a fresh process: median of 5 ${median(cold).toFixed(0)} ms (${cold.map((ms) => ms.toFixed(0)).join(', ')}), CPU ${median(coldCpu).toFixed(0)} ms; read + write ${(median(reads) + median(cold)).toFixed(0)} ms (target < 5,000 ms); load ${load()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
} finally {
  await fleet.close();
  await postgres.stop();
}
console.log(`load average at end: ${load()}`);
