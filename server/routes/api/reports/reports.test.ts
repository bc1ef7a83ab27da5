import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { maxReportDetailRows, type ReportDocument } from '../../../../contract/api/reports.ts';
import { reportFile } from '../../../../contract/reports/report-files.ts';
import { dayStart, localDay } from '../../../../contract/time/local-day.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../../../demo/demo-fleet.ts';
import { reportFonts } from '../../../reports/report-fonts.ts';
import { defined } from '../../../test/defined.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
const gf = demoTenants.gothenburgFreight;
const taxiTenant = demoTenants.harbourTaxi;
const north = defined(demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.northDepot), 'a North depot truck');
const south = defined(demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.southDepot), 'a South depot truck');
const taxi = defined(demoDevices.find((d) => d.tenant === taxiTenant), 'a Harbour Taxi vehicle');
const zone = 'Europe/Stockholm';
const dayMs = 86_400_000;
// Days no other test in this file writes to: the report's day, and a day of 50,001 trips.
const reportDay = localDay(Date.now() - 10 * dayMs, zone);
const crowdedDay = localDay(Date.now() - 20 * dayMs, zone);
/** A local time of a day in the tenant's zone. */
const at = (day: string, hhmm: string) => new Date(dayStart(day, zone) + Number(hhmm.slice(0, 2)) * 3_600_000 + Number(hhmm.slice(3)) * 60_000);
const greta = '00000000-0000-4000-8000-00000000a7a1';
let owner: pg.Client;
let anders: string;
let erik: string;
let viktor: string;

/** A trip of `device` in its own tenant, written as the trip engine would (owner connection: RLS not in the way). */
async function trip(tenantId: string, deviceId: string, start: Date, minutes: number, km: number, idleS: number) {
  await owner.query(
    `INSERT INTO trips (tenant_id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance_km, max_speed_kmh, moving_s, idle_s, point_count)
     VALUES ($1, $2, 'closed', $3, $4, 57.70, 11.97, 57.72, 11.99, $5, 88, $6, $7, 100)`,
    [tenantId, deviceId, start, new Date(start.getTime() + minutes * 60_000), km, minutes * 60 - idleS, idleS],
  );
}

async function overspeed(tenantId: string, deviceId: string, openedAt: Date, speedKmh: number) {
  await owner.query(
    `INSERT INTO alerts (tenant_id, device_id, type, severity, message, opened_at, last_seen_at, details)
     VALUES ($1, $2, 'overspeed', 'warning', 'Speed', $3, $3, $4)`,
    [tenantId, deviceId, openedAt, JSON.stringify({ speedKmh, limitKmh: 90, limitSource: 'tenant' })],
  );
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
  await owner.connect();
  [anders, erik, viktor] = await Promise.all([
    accessTokenFor(suite.fleet.app, 'anders', gf.id),
    accessTokenFor(suite.fleet.app, 'erik', gf.id),
    accessTokenFor(suite.fleet.app, 'viktor', taxiTenant.id),
  ]);
  await trip(gf.id, north.id, at(reportDay, '08:00'), 30, 21.5, 120);
  await trip(gf.id, south.id, at(reportDay, '09:00'), 20, 12.25, 0);
  await trip(taxiTenant.id, taxi.id, at(reportDay, '10:00'), 15, 7, 0);
  await overspeed(gf.id, north.id, at(reportDay, '08:10'), 117);
  await overspeed(taxiTenant.id, taxi.id, at(reportDay, '10:05'), 133);
  // One vehicle-day of daily figures for the North truck, driven by a driver of the account.
  await owner.query('INSERT INTO drivers (tenant_id, id, name) VALUES ($1, $2, $3)', [gf.id, greta, 'Greta Lind']);
  await owner.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops,
            overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     VALUES ($1, $2, $3, $4, 300, 64250, 5400, 600, 6000, 97, 5, 90, 2, 1, 1, 0, 0, 0, $5, $5)`,
    [gf.id, reportDay, north.id, greta, at(reportDay, '08:00')],
  );
  await owner.query(
    `INSERT INTO insights_vehicle_daily SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops),
            sum(overspeed_s), sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
       FROM insights_daily WHERE tenant_id = $1 AND day = $2 GROUP BY tenant_id, day, device_id`,
    [gf.id, reportDay],
  );
  await owner.query(
    `INSERT INTO trips (tenant_id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance_km, max_speed_kmh, moving_s, idle_s, point_count)
     SELECT $1, $2, 'closed', $3::timestamptz + i * interval '0.5 second', $3::timestamptz + i * interval '0.5 second', 57.7, 11.9, 57.7, 11.9, 0, 0, 0, 0, 1
       FROM generate_series(1, $4) AS i`,
    [taxiTenant.id, taxi.id, at(crowdedDay, '00:00'), maxReportDetailRows + 1],
  );
});
afterAll(() => owner.end());

async function report(token: string, query: string) {
  const response = await suite.fleet.app.inject({ url: `/api/reports?${query}`, headers: bearer(token) });
  return { status: response.statusCode, body: response.json<ReportDocument & ApiErrorBody>() };
}
const rowsOf = (r: ReportDocument, table: string) => r.tables.find((t) => t.name === table)?.rows ?? [];

describe('GET /api/reports', () => {
  it('makes the trips report of the tenant’s own trips only, with the figures the trips table holds', async () => {
    const answer = await report(anders, `kind=trips&from=${reportDay}&to=${reportDay}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const trips = rowsOf(answer.body, 'Trips');
    expect(trips.map((r) => [r[0], r[2], r[6], r[7], r[8]])).toEqual([
      [north.name, `${reportDay} 08:00`, 21.5, 30, 2],
      [south.name, `${reportDay} 09:00`, 12.25, 20, 0],
    ]);
    // Harbour Taxi's trip that day is another tenant's: not in Gothenburg Freight's report.
    expect(JSON.stringify(answer.body)).not.toContain(taxi.name);
    expect(answer.body.meta).toMatchObject({ tenant: gf.name, selection: 'All vehicles', kind: 'trips', name: 'Trips' });

    const taxis = await report(viktor, `kind=trips&from=${reportDay}&to=${reportDay}`);
    expect(rowsOf(taxis.body, 'Trips').map((r) => r[0])).toEqual([taxi.name]);
  });

  it('keeps a group-limited dispatcher to the vehicles of their groups', async () => {
    const answer = await report(erik, `kind=trips&from=${reportDay}&to=${reportDay}`);
    expect(rowsOf(answer.body, 'Trips').map((r) => r[0])).toEqual([north.name]);
    const refused = await report(erik, `kind=trips&from=${reportDay}&to=${reportDay}&deviceIds=${south.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'deviceIds.0', reason: 'report-selection-invalid', params: { problem: 'vehicle-not-found' } });
  });

  it('makes the speeding report of the overspeed alerts, per selection', async () => {
    const answer = await report(anders, `kind=speeding&from=${reportDay}&to=${reportDay}&groupId=${demoGroups.northDepot.id}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.meta.selection).toBe('Group North depot');
    expect(rowsOf(answer.body, 'Speeding').map((r) => [r[0], r[6], r[7], r[8]])).toEqual([[north.name, 117, 90, 27]]);
    const other = await report(anders, `kind=speeding&from=${reportDay}&to=${reportDay}&deviceIds=${taxi.id}`);
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ reason: 'report-selection-invalid', field: 'deviceIds.0' });
  });

  it('makes the daily summary and the driver scorecard from the daily figures', async () => {
    const summary = await report(anders, `kind=daily-summary&from=${reportDay}&to=${reportDay}`);
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(rowsOf(summary.body, 'Vehicle days').map((r) => [r[0], r[1], r[2], r[3], r[6]])).toEqual([[reportDay, north.name, 64.25, 1.5, 5]]);
    expect(rowsOf(summary.body, 'Per day')).toEqual([[reportDay, 1, 64.25, 1.5, 0.17, 10, 5, 1.5, 2]]);
    const scorecard = await report(anders, `kind=driver-scorecard&from=${reportDay}&to=${reportDay}`);
    expect(scorecard.status, JSON.stringify(scorecard.body)).toBe(200);
    expect(rowsOf(scorecard.body, 'Drivers').map((r) => [r[0], r[2], r[6]])).toEqual([['Greta Lind', 64.25, 2]]);
    // Another tenant's report of the same day knows nothing of them.
    const taxis = await report(viktor, `kind=daily-summary&from=${reportDay}&to=${reportDay}`);
    expect(rowsOf(taxis.body, 'Vehicle days')).toEqual([]);
    expect(JSON.stringify((await report(viktor, `kind=driver-scorecard&from=${reportDay}&to=${reportDay}`)).body)).not.toContain('Greta');
  });

  it('refuses bad input with the field, the reason and the limit', async () => {
    const today = localDay(Date.now(), zone);
    const reversed = await report(anders, `kind=trips&from=${today}&to=${reportDay}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ reason: 'report-period-reversed', field: 'from' });
    const old = await report(anders, 'kind=trips&from=2020-01-01&to=2020-01-31');
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ reason: 'report-period-outside-retention', field: 'from' });
    const retentionDays = Number(old.body.params?.retentionDays);
    expect(old.body.params?.earliest).toBe(localDay(Date.now() - retentionDays * dayMs, zone));
    await owner.query('INSERT INTO groups (tenant_id, name) VALUES ($1, $2)', [gf.id, 'Empty depot']);
    const emptyGroup = (await owner.query<{ id: string }>('SELECT id FROM groups WHERE tenant_id = $1 AND name = $2', [gf.id, 'Empty depot'])).rows[0]?.id;
    const empty = await report(anders, `kind=stops&from=${reportDay}&to=${reportDay}&groupId=${emptyGroup}`);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ reason: 'report-selection-empty', field: 'groupId', params: { selection: 'group' } });
    const both = await report(anders, `kind=trips&from=${reportDay}&to=${reportDay}&groupId=${emptyGroup}&deviceIds=${north.id}`);
    expect(both.status).toBe(400);
    const kind = await report(anders, `kind=fuel&from=${reportDay}&to=${reportDay}`);
    expect(kind.status).toBe(400);
    expect(kind.body.field).toMatch(/kind/);
    // Too many rows: refused with the limit and the count, never cut short.
    const crowded = await report(viktor, `kind=trips&from=${crowdedDay}&to=${crowdedDay}`);
    expect(crowded.status).toBe(400);
    expect(crowded.body).toMatchObject({ reason: 'report-too-large', params: { limit: maxReportDetailRows, count: maxReportDetailRows + 1 } });
  });

  it('writes the reports as PDFs whose text holds the rows, and as workbooks that read back', async () => {
    const trips = (await report(anders, `kind=trips&from=${reportDay}&to=${reportDay}`)).body;
    const tripsPdf = await pdfText((await reportFile(trips, 'pdf', reportFonts)).content as Uint8Array);
    expect(tripsPdf).toContain(`${gf.name} — Trips`);
    expect(tripsPdf).toContain(`Period ${reportDay} – ${reportDay} · Selection: All vehicles`);
    expect(tripsPdf).toMatch(new RegExp(`${north.name}\\s+–\\s+${reportDay} 08:00`));
    expect(tripsPdf).toContain('21.5');
    expect(tripsPdf).toContain('Distance per day');

    const speeding = (await report(anders, `kind=speeding&from=${reportDay}&to=${reportDay}`)).body;
    const speedingFile = await reportFile(speeding, 'pdf', reportFonts);
    expect(speedingFile.name).toBe(`Gothenburg_Freight_AB-speeding-${reportDay}-${reportDay}.pdf`);
    const speedingPdf = await pdfText(speedingFile.content as Uint8Array);
    expect(speedingPdf).toContain(`${gf.name} — Speeding`);
    expect(speedingPdf).toMatch(/Speeding episodes\s+Vehicles that sped/);
    expect(speedingPdf).toMatch(new RegExp(`${north.name}.*117\\s+90\\s+27`));

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(((await reportFile(trips, 'xlsx', reportFonts)).content as Uint8Array<ArrayBuffer>).buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Per vehicle', 'Trips']);
    const sheet = book.getWorksheet('Trips');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Vehicle', 'Driver', 'Start', 'End', 'From', 'To', 'Distance (km)', 'Duration (min)', 'Idle (min)', 'Avg speed (km/h)', 'Top speed (km/h)']);
    expect(sheet?.getCell('A2').value).toBe(north.name);
    expect(sheet?.getCell('G2').value).toBe(21.5);
  });
});
