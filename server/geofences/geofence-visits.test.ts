import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { ReportDocument } from '../../contract/api/reports.ts';
import { reportFile } from '../../contract/reports/report-files.ts';
import { dayStart, localDay } from '../../contract/time/local-day.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { reportFonts } from '../reports/report-fonts.ts';
import { defined } from '../test/defined.ts';
import { pdfText } from '../test/pdf-text.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { backfillRound } from './visit-backfill.ts';

/**
 * Geofence visits on real PostgreSQL (decision 0355): kept by ingest for a geofence that does not
 * alert, crossed several times, corrected by late data, open at the period's end; the backfill;
 * the report through GET /api/reports and its files read back; tenant B never sees them.
 */
const suite = useTestFleet();
const gf = demoTenants.gothenburgFreight;
const taxiTenant = demoTenants.harbourTaxi;
const north = defined(demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.northDepot), 'a North depot truck');
const south = defined(demoDevices.find((d) => d.tenant === gf && d.group === demoGroups.southDepot), 'a South depot truck');
const zone = 'Europe/Stockholm';
const day = localDay(Date.now() - 3 * 86_400_000, zone);
const at = (hhmm: string) => dayStart(day, zone) + Number(hhmm.slice(0, 2)) * 3_600_000 + Number(hhmm.slice(3)) * 60_000;
const stamp = (hhmm: string) => `${day} ${hhmm}`;
// A 300 m circle at 11.95° E on 57.7° N: 11.95 is inside, 11.94 and 11.96 are not.
const yard = { name: 'Customer yard', shape: { type: 'circle', center: { latitude: 57.7, longitude: 11.95 }, radiusM: 300 }, alertOnEnter: false, alertOnExit: false };
const fix = (hhmm: string, inside: boolean, uniqueId = north.uniqueId) =>
  ({ deviceId: uniqueId, time: at(hhmm), latitude: 57.7, longitude: inside ? 11.95 : 11.94, speedKmh: 20, ignition: true });
let owner: pg.Client;
let anders: string;
let viktor: string;
let yardId: string;

async function send(records: object[]) {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
  expect(response.statusCode, response.body).toBe(200);
}

/** The North truck's visits as stored: [entered, left] as local "HH:mm" (null: still inside). */
async function storedVisits(deviceId = north.id): Promise<[string, string | null][]> {
  const rows = await suite.fleet.db.withTenant(gf.id, (db) =>
    db.query<{ entered_at: Date; left_at: Date | null }>('SELECT entered_at, left_at FROM geofence_visits WHERE device_id = $1 ORDER BY entered_at', [deviceId]));
  const hhmm = (d: Date) => new Date(d.getTime() - dayStart(day, zone)).toISOString().slice(11, 16);
  return rows.rows.map((r) => [hhmm(r.entered_at), r.left_at ? hhmm(r.left_at) : null]);
}

async function report(token: string, query: string) {
  const response = await suite.fleet.app.inject({ url: `/api/reports?kind=geofence-visits&${query}`, headers: bearer(token) });
  return { status: response.statusCode, body: response.json<ReportDocument & ApiErrorBody>() };
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: suite.fleet.ownerUrl });
  await owner.connect();
  [anders, viktor] = await Promise.all([accessTokenFor(suite.fleet.app, 'anders', gf.id), accessTokenFor(suite.fleet.app, 'viktor', taxiTenant.id)]);
  const created = await suite.fleet.app.inject({ method: 'POST', url: '/api/geofences', payload: yard, headers: bearer(anders) });
  expect(created.statusCode, created.body).toBe(201);
  yardId = created.json<{ id: string }>().id;
});
afterAll(() => owner.end());

describe('geofence visits', () => {
  it('are kept by ingest for a geofence that does not alert, one per time the vehicle was inside', async () => {
    await send([fix('08:00', false), fix('08:05', true), fix('08:30', true)]);
    expect(await storedVisits()).toEqual([['08:05', null]]);
    await send([fix('08:35', false), fix('10:00', true), fix('10:40', false), fix('14:00', false), fix('14:10', true)]);
    expect(await storedVisits()).toEqual([['08:05', '08:35'], ['10:00', '10:40'], ['14:10', null]]);
    const alerts = await owner.query("SELECT count(*)::int AS n FROM alerts WHERE device_id = $1 AND type LIKE 'geofence%'", [north.id]);
    expect(alerts.rows[0]?.n).toBe(0);
  });

  it('are rebuilt from the late fix on when late data arrives: a new visit between two, and a visit split in two', async () => {
    await send([fix('12:00', true), fix('12:20', false)]);
    expect(await storedVisits()).toEqual([['08:05', '08:35'], ['10:00', '10:40'], ['12:00', '12:20'], ['14:10', null]]);
    // A fix outside in the middle of the first visit: it was two visits.
    await send([fix('08:20', false)]);
    expect(await storedVisits()).toEqual([['08:05', '08:20'], ['08:30', '08:35'], ['10:00', '10:40'], ['12:00', '12:20'], ['14:10', null]]);
  });

  it('are built by the backfill for a vehicle whose positions were stored before visits were kept', async () => {
    const positions = [['09:00', 11.94], ['09:10', 11.95], ['09:50', 11.96]] as const;
    for (const [hhmm, lon] of positions) {
      await owner.query(
        `INSERT INTO positions (tenant_id, device_id, fix_time, server_time, latitude, longitude, speed_kmh, course, valid)
         VALUES ($1, $2, $3, now(), 57.7, $4, 20, 0, true)`,
        [gf.id, south.id, new Date(at(hhmm)), lon],
      );
    }
    await owner.query('INSERT INTO geofence_visit_backfill (tenant_id, device_id) VALUES ($1, $2)', [gf.id, south.id]);
    expect(await backfillRound(suite.fleet.db, gf.id)).toBe(1);
    expect(await storedVisits(south.id)).toEqual([['09:10', '09:50']]);
    expect(await backfillRound(suite.fleet.db, gf.id)).toBe(0);
  });

  it('make the geofence visits report: each visit, "still inside" at the period’s end, totals per geofence', async () => {
    const answer = await report(anders, `from=${day}&to=${day}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const visits = answer.body.tables.find((t) => t.name === 'Visits')?.rows;
    expect(visits).toEqual([
      [north.name, null, yard.name, stamp('08:05'), stamp('08:20'), 15],
      [north.name, null, yard.name, stamp('08:30'), stamp('08:35'), 5],
      [north.name, null, yard.name, stamp('10:00'), stamp('10:40'), 40],
      [north.name, null, yard.name, stamp('12:00'), stamp('12:20'), 20],
      // Still inside when the day ended: counted to midnight.
      [north.name, null, yard.name, stamp('14:10'), 'still inside', 590],
      [south.name, null, yard.name, stamp('09:10'), stamp('09:50'), 40],
    ]);
    expect(answer.body.tables.find((t) => t.name === 'Per geofence')?.rows).toEqual([[yard.name, 6, 2, 11.83, 118.3]]);
  });

  it('refuse bad input like every report kind', async () => {
    const reversed = await report(anders, `from=${day}&to=${localDay(Date.now() - 5 * 86_400_000, zone)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ reason: 'report-period-reversed', field: 'from' });
    const unknown = await report(anders, `from=${day}&to=${day}&deviceIds=00000000-0000-4000-8000-00000000beef`);
    expect(unknown.body).toMatchObject({ reason: 'report-selection-invalid', field: 'deviceIds.0' });
  });

  it('are never seen by another tenant, through the report or the table', async () => {
    const taxi = await report(viktor, `from=${day}&to=${day}`);
    expect(taxi.status).toBe(200);
    expect(taxi.body.tables.every((t) => t.rows.length === 0)).toBe(true);
    const seen = await suite.fleet.db.withTenant(taxiTenant.id, (db) => db.query<{ n: number }>('SELECT count(*)::int AS n FROM geofence_visits'));
    expect(seen.rows[0]?.n).toBe(0);
    const own = await suite.fleet.db.withTenant(gf.id, (db) => db.query<{ n: number }>('SELECT count(*)::int AS n FROM geofence_visits'));
    expect(own.rows[0]?.n).toBe(6);
  });

  it('writes the report as a PDF, a workbook and a CSV that read back', async () => {
    const doc = (await report(anders, `from=${day}&to=${day}`)).body;
    const pdf = await reportFile(doc, 'pdf', reportFonts);
    expect(pdf.name).toBe(`Gothenburg_Freight_AB-geofence-visits-${day}-${day}.pdf`);
    const text = await pdfText(pdf.content as Uint8Array);
    expect(text).toContain(`${gf.name} — Geofence visits`);
    expect(text).toMatch(new RegExp(`${north.name}\\s+–\\s+${yard.name}\\s+${stamp('14:10')}\\s+still inside\\s+590`));
    expect(text).toContain('Entries per day');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(((await reportFile(doc, 'xlsx', reportFonts)).content as Uint8Array<ArrayBuffer>).buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Per geofence', 'Visits']);
    const sheet = book.getWorksheet('Visits');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Vehicle', 'Driver', 'Geofence', 'Entered', 'Left', 'Time inside (min)']);
    expect(sheet?.getCell('E6').value).toBe('still inside');
    expect(sheet?.getCell('F6').value).toBe(590);
    const csv = String((await reportFile(doc, 'csv', reportFonts)).content);
    expect(csv).toContain(`${north.name},,${yard.name},${stamp('14:10')},still inside,590`);
  });

  it('can be the report a schedule sends', async () => {
    const created = await suite.fleet.app.inject({
      method: 'POST', url: '/api/report-schedules', headers: bearer(anders),
      payload: { name: 'Yard visits', report: 'geofence-visits', selection: { kind: 'all' }, cadence: 'weekly', formats: ['pdf'], recipients: ['yard@example.com'], enabled: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ report: string }>().report).toBe('geofence-visits');
  });

  it('go with their geofence when it is deleted', async () => {
    const deleted = await suite.fleet.app.inject({ method: 'DELETE', url: `/api/geofences/${yardId}`, headers: bearer(anders) });
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    expect(await storedVisits()).toEqual([]);
  });
});
