import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { ProviderSettingsResponse } from '../../contract/api/provider-settings.ts';
import type { ReportSchedule, ReportScheduleList, SendReportNowResponse } from '../../contract/api/report-schedules.ts';
import { periodDueAt } from '../../contract/reports/report-periods.ts';
import { dayStart, localDay, nextDay } from '../../contract/time/local-day.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { findFreePort } from '../db/free-port.ts';
import { mailAttachments, mailSubject } from '../test/mail-attachments.ts';
import { MailReceiver } from '../test/notification-receivers.ts';
import { pdfText } from '../test/pdf-text.ts';
import { ReportScheduler } from './report-scheduler.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

// One clock for the scheduler: moved to the morning after a period, never waited for.
let clock = Date.now();
const suite = useTestFleet({ reports: { now: () => clock, pollMs: 3_600_000 } });
const tenant = demoTenants.gothenburgFreight;
const truck = demoDevices.find((d) => d.tenant === tenant);
const mail = new MailReceiver();
let admin: string;
let operator: string;
let smtpPort: number;

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
  suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function smtpAt(port: number) {
  const current = (await api('GET', '/api/provider/settings', operator)).json<ProviderSettingsResponse>();
  const changed = await api('PATCH', '/api/provider/settings', operator, { expectedVersion: current.version, changes: { smtp: { host: '127.0.0.1', port, security: 'none', username: '', from: 'Fleet reports <reports@fleet.test>' } } });
  expect(changed.statusCode, changed.body).toBe(200);
}

/** One vehicle-day of figures for the truck (no fuel level reported), as the daily job would keep it. */
async function figuresFor(day: string, distanceM: number) {
  await suite.fleet.db.withTenant(tenant.id, async (db) => {
    await db.query(
      `INSERT INTO insights_vehicle_daily (tenant_id, day, device_id, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events,
              harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m)
       SELECT app_current_tenant(), $1, id, $2, 5400, 600, 6000, 88, 4, 60, 1, 1, 0, NULL, 0, 0 FROM devices WHERE unique_id = $3`,
      [day, distanceM, truck?.uniqueId],
    );
    // The rollups the dashboard and reports read above the vehicle-days (migration 138).
    await db.query('SELECT insights_rebuild_rollups()');
  });
}

const schedules = async () => (await api('GET', '/api/report-schedules', admin)).json<ReportScheduleList>();

let timeZone = 'Europe/Stockholm';
let day = '';
let schedule: ReportSchedule;

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'anders', tenant.id);
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  smtpPort = await mail.listen();
  await smtpAt(smtpPort);
  timeZone = (await schedules()).timeZone;
  // A day a little ahead, so the schedule made today covers it; the clock goes to 07:00 the day after.
  day = localDay(Date.now() + 3 * 86_400_000, timeZone);
  await figuresFor(day, 123_456);
  await figuresFor(nextDay(day), 50_000);
});
afterAll(() => mail.close());

describe('scheduled reports', () => {
  it('refuses a schedule a viewer makes, and names each bad field', async () => {
    const viewer = await accessTokenFor(suite.fleet.app, 'vera', tenant.id);
    const denied = await api('GET', '/api/report-schedules', viewer);
    expect(denied.statusCode).toBe(403);
    expect(denied.json<ApiErrorBody>().params).toMatchObject({ permission: 'reports.manage' });
    const base = { name: 'Daily fleet', report: 'fleet-insights', cadence: 'daily', formats: ['pdf'], recipients: ['fleet.manager@example.com'], enabled: true };
    const noGroup = await api('POST', '/api/report-schedules', admin, { ...base, selection: { kind: 'group' } });
    expect(noGroup.statusCode).toBe(400);
    expect(noGroup.json<ApiErrorBody>()).toMatchObject({ field: 'selection.groupId', reason: 'report-selection-invalid', params: { problem: 'group-required' } });
    const badVehicle = await api('POST', '/api/report-schedules', admin, { ...base, selection: { kind: 'vehicles', deviceIds: ['00000000-0000-4000-8000-000000000001'] } });
    expect(badVehicle.json<ApiErrorBody>()).toMatchObject({ field: 'selection.deviceIds.0', params: { problem: 'vehicle-not-found' } });
    const badMail = await api('POST', '/api/report-schedules', admin, { ...base, selection: { kind: 'all' }, recipients: ['not-an-address'] });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.json<ApiErrorBody>().field).toMatch(/^recipients/);
    const noFormat = await api('POST', '/api/report-schedules', admin, { ...base, selection: { kind: 'all' }, formats: [] });
    expect(noFormat.json<ApiErrorBody>().field).toMatch(/^formats/);
  });

  it('sends a due period once: one e-mail to all recipients with the PDF whose text holds the figures', async () => {
    const created = await api('POST', '/api/report-schedules', admin, {
      name: 'Daily fleet', report: 'fleet-insights', selection: { kind: 'all' }, cadence: 'daily', formats: ['pdf', 'csv'], recipients: ['fleet.manager@example.com', 'owner@example.com'], enabled: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    schedule = created.json<ReportSchedule>();
    expect(schedule.lastRun).toBeNull();

    clock = periodDueAt({ from: day, to: day }, timeZone) - 60_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(0); // 05:59: not due yet
    clock += 2 * 3600_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(1);
    expect(mail.mails).toHaveLength(1);
    const [sent] = mail.mails;
    if (!sent) throw new Error('no mail');
    expect(sent.to.sort()).toEqual(['fleet.manager@example.com', 'owner@example.com']);
    expect(mailSubject(sent)).toBe(`Daily fleet: Gothenburg Freight AB, ${day}`);
    const files = mailAttachments(sent);
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      [`Gothenburg_Freight_AB-insights-${day}-${day}.pdf`, 'application/pdf'],
      [`Gothenburg_Freight_AB-insights-${day}-${day}.csv`, 'text/csv'],
    ]);
    const text = await pdfText(files[0]?.content ?? new Uint8Array());
    expect(text).toContain('Gothenburg Freight AB — Fleet insights');
    expect(text).toContain(`Period ${day} – ${day} · Selection: All vehicles`);
    expect(text).toContain('123.46');
    expect(text).toContain(truck?.name ?? 'the truck');
    expect(text).toMatch(/Fuel used \(% of tank\)\s+not reported/);
    expect(text).toContain('Page 1 of');

    // Again in the same period, from a second scheduler on the same database (a restart, or
    // another instance), and later that day: nothing more.
    expect(await suite.fleet.app.reports.runOnce()).toBe(0);
    const restarted = new ReportScheduler(suite.fleet.db, { now: () => clock });
    expect(await restarted.runOnce()).toBe(0);
    await restarted.close();
    clock += 8 * 3600_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(0);
    expect(mail.mails).toHaveLength(1);
    const listed = (await schedules()).items.find((s) => s.id === schedule.id);
    expect(listed?.lastRun).toMatchObject({ from: day, to: day, status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
  });

  it('retries a report the SMTP server did not take, shows the failure and the next attempt, then sends it once', async () => {
    await smtpAt(await findFreePort()); // nothing listens there
    const next = nextDay(day);
    clock = periodDueAt({ from: next, to: next }, timeZone) + 3600_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(1);
    const failed = (await schedules()).items.find((s) => s.id === schedule.id)?.lastRun;
    expect(failed).toMatchObject({ from: next, status: 'pending', attempts: 1, lastError: 'smtp-unreachable', sentAt: null });
    const retryIn = Date.parse(failed?.nextAttemptAt ?? '') - clock;
    expect(retryIn).toBeGreaterThanOrEqual(8_000); // 10 s ± 20 % (the notifications' schedule)
    expect(retryIn).toBeLessThanOrEqual(12_000);
    expect(await suite.fleet.app.reports.runOnce()).toBe(0); // not before its time

    await smtpAt(smtpPort);
    clock += 15_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(1);
    expect(mail.mails).toHaveLength(2);
    expect(mailSubject(mail.mails[1] ?? mail.mails[0] ?? { from: '', to: [], raw: '' })).toBe(`Daily fleet: Gothenburg Freight AB, ${next}`);
    expect((await schedules()).items.find((s) => s.id === schedule.id)?.lastRun).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    clock += 3600_000;
    expect(await suite.fleet.app.reports.runOnce()).toBe(0);
  });

  it('"send now" mails the last complete period at once, as a test, without marking it sent', async () => {
    const before = mail.mails.length;
    const answer = await api('POST', `/api/report-schedules/${schedule.id}/send`, admin);
    expect(answer.statusCode, answer.body).toBe(200);
    const result = answer.json<SendReportNowResponse>();
    expect(result).toMatchObject({ ok: true, error: null, recipients: ['fleet.manager@example.com', 'owner@example.com'] });
    expect(result.files).toHaveLength(2);
    expect(mail.mails).toHaveLength(before + 1);
    expect(mailSubject(mail.mails[before] ?? { from: '', to: [], raw: '' }).startsWith('[Test] Daily fleet')).toBe(true);
  });

  it('sends a schedule of another kind: the trips report of the last period, as a PDF with the trip in it', async () => {
    const before = mail.mails.length;
    const yesterday = localDay(Date.now() - 86_400_000, timeZone);
    await suite.fleet.db.withTenant(tenant.id, (db) =>
      db.query(
        `INSERT INTO trips (tenant_id, device_id, status, start_time, end_time, start_lat, start_lon, end_lat, end_lon, distance_km, max_speed_kmh, moving_s, idle_s, point_count)
         SELECT app_current_tenant(), id, 'closed', $1, $1::timestamptz + interval '25 minutes', 57.70, 11.97, 57.72, 11.99, 17.75, 82, 1400, 100, 150 FROM devices WHERE unique_id = $2`,
        [new Date(dayStart(yesterday, timeZone) + 9 * 3_600_000), truck?.uniqueId],
      ));
    const created = await api('POST', '/api/report-schedules', admin, {
      name: 'Daily trips', report: 'trips', selection: { kind: 'all' }, cadence: 'daily', formats: ['pdf', 'xlsx'], recipients: ['dispatch@example.com'], enabled: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const trips = created.json<ReportSchedule>();
    expect(trips.report).toBe('trips');
    const answer = await api('POST', `/api/report-schedules/${trips.id}/send`, admin);
    expect(answer.json<SendReportNowResponse>()).toMatchObject({ ok: true, from: yesterday, to: yesterday });
    const sent = mail.mails[before];
    if (!sent) throw new Error('no mail');
    expect(mailSubject(sent)).toBe(`[Test] Daily trips: Gothenburg Freight AB, ${yesterday}`);
    const files = mailAttachments(sent);
    expect(files.map((f) => f.filename)).toEqual([`Gothenburg_Freight_AB-trips-${yesterday}-${yesterday}.pdf`, `Gothenburg_Freight_AB-trips-${yesterday}-${yesterday}.xlsx`]);
    const text = await pdfText(files[0]?.content ?? new Uint8Array());
    expect(text).toContain('Gothenburg Freight AB — Trips');
    expect(text).toMatch(new RegExp(`${truck?.name ?? 'the truck'}\\s+–\\s+${yesterday} 09:00`));
    expect(text).toContain('17.75');
  });
});
