/**
 * Issue 13's report target for the reports of the fleet's records: one month's trips report for
 * 1,000 vehicles generated in < 5 s as CSV, as XLSX and as PDF, each. Fills one tenant's trips
 * (1,000 vehicles × 31 days × TRIPS_PER_DAY, default 3: a delivery van's morning, midday and
 * afternoon runs), then times, three times each: reading the report from PostgreSQL (the
 * statements GET /api/reports and a scheduled report run, counted) and writing each format from it
 * (contract/reports, shared with the console). A format's figure is the read plus its writing.
 * The trips are inserted without addresses, as trips closed before migration 142: the first
 * read looks them up (as every read did before decision 0360), then the backfill stores them
 * and the timed reads use the stored ones. CPU time is printed beside wall time (it moves less
 * with the load).
 * Prints the load average: on a shared machine the figures move with it.
 * Run: npm run bench:reports (after the insights report), or node bench/trip-reports.ts
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { PDFDocument } from 'pdf-lib';
import type { ReportDocument } from '../contract/api/reports.ts';
import { reportFile } from '../contract/reports/report-files.ts';
import { reportFormats } from '../contract/reports/report-formats.ts';
import { previousPeriod } from '../contract/reports/report-periods.ts';
import { localDay } from '../contract/time/local-day.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import type { DbSession } from '../server/db/fleet-db.ts';
import { buildDataReport } from '../server/reports/data-report-builder.ts';
import { reportFonts } from '../server/reports/report-fonts.ts';
import { accessTokenFor, bearer, createTestFleet } from '../server/test/test-fleet.ts';
import { backfillTripAddresses } from '../server/trips/trip-addresses.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const vehicles = 1_000;
const tripsPerDay = Number(process.env.TRIPS_PER_DAY ?? 3);
const runs = 3;
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
  // Trips start at 07:00 local and every 2.5 h after; 35–45 minutes, 15–25 km, a few minutes idling;
  // start and end anywhere around Gothenburg (every point a different address lookup, as in a real month).
  await owner.query(
    `INSERT INTO trips (tenant_id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance_km, max_speed_kmh, moving_s, idle_s, point_count)
     SELECT $1, v.id, 'closed', s.start, s.start + (35 + s.h % 11) * interval '1 minute', 57.60 + s.a * 0.15, 11.85 + s.b * 0.25,
            57.60 + s.c * 0.15, 11.85 + s.e * 0.25, 15 + s.h % 10, 70 + s.h % 40, (35 + s.h % 11) * 60 - 120, 120 + s.h % 300, 240
       FROM (SELECT id, row_number() OVER () AS n FROM devices WHERE tenant_id = $1 AND unique_id LIKE 'BENCH-%') AS v
      CROSS JOIN generate_series($2::date, $3::date, interval '1 day') AS d
      CROSS JOIN generate_series(0, $4 - 1) AS k
      CROSS JOIN LATERAL (SELECT (d::timestamp + interval '7 hours' + k * interval '150 minutes') AT TIME ZONE $5 AS start, hashint4((v.n * 97 + k)::int) & 1023 AS h,
                                 random() AS a, random() AS b, random() AS c, random() AS e) AS s`,
    [tenant.id, month.from, month.to, tripsPerDay, zone],
  );
  await owner.query('ANALYZE trips; ANALYZE devices');
  const rows = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM trips WHERE tenant_id = $1', [tenant.id]);
  await owner.end();
  console.log(`filled ${rows.rows[0]?.n.toLocaleString('en')} trips (${vehicles.toLocaleString('en')} vehicles × ${month.from}–${month.to} × ${tripsPerDay} a day) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const fonts = await reportFonts();
  const read = async (): Promise<{ report: ReportDocument; statements: number }> => {
    let statements = 0;
    const report = await fleet.db.withTenant(tenant.id, (db) => {
      const query = db.query.bind(db) as (...args: unknown[]) => unknown;
      const counting: DbSession = {
        query: ((...args: unknown[]) => {
          statements += 1;
          return query(...args);
        }) as DbSession['query'],
      };
      return buildDataReport(counting, { kind: 'trips', period: month, selection: { kind: 'all' }, tenantName: 'Gothenburg Freight AB', timeZone: zone, retentionDays: 365, now: Date.now() });
    });
    return { report, statements };
  };
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  let c = cpu();
  t = performance.now();
  await read();
  console.log(`read without stored addresses (each looked up): ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms); load ${load()}`);
  c = cpu();
  t = performance.now();
  const filled = await backfillTripAddresses(fleet.db);
  console.log(`backfilled the addresses of ${filled.toLocaleString('en')} trips: ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms); load ${load()}`);
  const reads: number[] = [];
  const readCpu: number[] = [];
  let statements = 0;
  let report: ReportDocument | null = null;
  for (let run = 0; run < runs; run++) {
    t = performance.now();
    c = cpu();
    ({ report, statements } = await read());
    reads.push(performance.now() - t);
    readCpu.push(cpu() - c);
  }
  if (!report) throw new Error('no report');
  const tripRows = report.tables.find((x) => x.name === 'Trips')?.rows.length ?? 0;
  console.log(`read the month's trips report: median of ${runs} ${median(reads).toFixed(0)} ms (CPU ${median(readCpu).toFixed(0)} ms; first ${reads[0]?.toFixed(0)} ms; ${statements} statements; ${tripRows.toLocaleString('en')} trips); load ${load()}`);
  // The console's path: the same report as GET /api/reports answers it (JSON through the route's schema).
  const token = await accessTokenFor(fleet.app, 'maria', tenant.id);
  const answers: number[] = [];
  let answerBytes = 0;
  for (let run = 0; run < runs; run++) {
    t = performance.now();
    const response = await fleet.app.inject({ url: `/api/reports?kind=trips&from=${month.from}&to=${month.to}`, headers: bearer(token) });
    answers.push(performance.now() - t);
    if (response.statusCode !== 200) throw new Error(`GET /api/reports answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    answerBytes = response.rawPayload.length;
  }
  console.log(`GET /api/reports?kind=trips (the console's read): median of ${runs} ${median(answers).toFixed(0)} ms (first ${answers[0]?.toFixed(0)} ms, ${(answerBytes / 1024 / 1024).toFixed(1)} MB JSON); load ${load()}`);
  for (const format of reportFormats) {
    const times: number[] = [];
    const cpus: number[] = [];
    let bytes = 0;
    let pages = '';
    for (let run = 0; run < runs; run++) {
      t = performance.now();
      c = cpu();
      const file = await reportFile(report, format, () => Promise.resolve(fonts));
      times.push(performance.now() - t);
      cpus.push(cpu() - c);
      bytes = file.content.length;
      if (typeof file.content !== 'string' && format === 'pdf' && run === 0) pages = `, ${(await PDFDocument.load(file.content)).getPageCount()} pages`;
    }
    const write = median(times);
    console.log(`${format.toUpperCase().padEnd(4)} written: median of ${runs} ${write.toFixed(0)} ms (CPU ${median(cpus).toFixed(0)} ms; first ${times[0]?.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} kB${pages}); read + write ${(median(reads) + write).toFixed(0)} ms (target < 5,000 ms); load ${load()}`);
  }
} finally {
  await fleet.close();
  await postgres.stop();
}
console.log(`load average at end: ${load()}`);
