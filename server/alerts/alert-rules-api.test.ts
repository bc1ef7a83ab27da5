import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertRules, AlertRulesResponse } from '../../contract/api/alert-rules.ts';
import type { Alert } from '../../contract/api/alerts.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import { demoAccounts, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { emptyReadings, type Report } from '../ingest/report.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { escalateAlerts } from './escalation.ts';

const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight.id;
const truck = demoDevices.find((d) => d.tenant === demoTenants.gothenburgFreight && d.name === 'GF Truck 01');
let admin: string;

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'anders', tenant);
});

async function saveRules(change: (rules: AlertRules) => AlertRules) {
  const current = (await suite.fleet.app.inject({ url: '/api/alert-rules', headers: bearer(admin) })).json<AlertRulesResponse>();
  return suite.fleet.app.inject({ method: 'PUT', url: '/api/alert-rules', headers: bearer(admin), payload: { expectedVersion: current.version, rules: change(current.rules) } });
}
const overspeed = (rules: AlertRules, patch: Partial<AlertRules['types']['overspeed']>): AlertRules =>
  ({ ...rules, types: { ...rules.types, overspeed: { ...rules.types.overspeed, ...patch } } });

/** One speeding episode through real ingest (previous alerts resolved, past the cool-down); returns its overspeed alerts and outbox rows. */
let fixAt = Date.now() - 8 * 3600_000;
async function speeding() {
  if (!truck) throw new Error('the demo has GF Truck 01');
  await suite.fleet.db.withTenant(tenant, (db) => db.query("UPDATE alerts SET status = 'resolved', resolved_at = now(), version = version + 1 WHERE status <> 'resolved'"));
  const reports: Report[] = [0, 10, 20, 30].map((s) => ({ ...emptyReadings, uniqueId: truck.uniqueId, fixTime: fixAt + s * 1000, latitude: 57.69, longitude: 11.9 + s * 0.0005, speedKmh: s < 30 ? 150 : 40, course: 90, ignition: true, attributes: {} }));
  fixAt += 20 * 60_000;
  await suite.fleet.app.ingest.submit(reports);
  await suite.fleet.app.ingest.drain();
  return suite.fleet.db.withTenant(tenant, async (db) => ({
    alerts: (await db.query<{ id: string; severity: string; quiet: boolean }>("SELECT id, severity, quiet FROM alerts WHERE device_id = $1 AND type = 'overspeed' AND status <> 'resolved'", [truck.id])).rows,
    outbox: (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notification_outbox WHERE event = 'alert.opened'")).rows[0]?.n ?? 0,
  }));
}

describe('alert rules', () => {
  it('start as version 1 with every type on and the built-in severities', async () => {
    const rules = (await suite.fleet.app.inject({ url: '/api/alert-rules', headers: bearer(admin) })).json<AlertRulesResponse>();
    expect(rules).toMatchObject({ version: 1, warnings: [] });
    expect(rules.rules.types.overspeed).toEqual({ enabled: true, severity: null, threshold: null, groupIds: null, quietHours: null });
  });

  it('a type switched off raises nothing; the change is a new, audited version', async () => {
    const before = (await speeding()).outbox;
    const saved = await saveRules((r) => overspeed(r, { enabled: false }));
    expect(saved.json<AlertRulesResponse>().version).toBe(2);
    const after = await speeding();
    expect(after.alerts).toEqual([]);
    expect(after.outbox).toBe(before);
    const audit = await suite.fleet.app.inject({ url: '/api/audit?limit=5', headers: bearer(admin) });
    expect(audit.body).toContain('alerts.rules.update');
  });

  it('the tenant’s severity applies, and quiet hours record the alert without notifying', async () => {
    await saveRules((r) => overspeed(r, { enabled: true, severity: 'critical' }));
    const loud = await speeding();
    expect(loud.alerts).toMatchObject([{ severity: 'critical', quiet: false }]);
    // Quiet all day: flagged as never firing, and the alert is quiet (no outbox row).
    const saved = await saveRules((r) => overspeed(r, { quietHours: { from: '00:00', to: '00:00' } }));
    expect(saved.json<AlertRulesResponse>().warnings).toContainEqual({ type: 'overspeed', code: 'quiet-all-day', params: { from: '00:00' } });
    const quiet = await speeding();
    expect(quiet.alerts).toMatchObject([{ severity: 'critical', quiet: true }]);
    expect(quiet.outbox).toBe(loud.outbox);
  });

  it('flags rules that would never fire and refuses thresholds a type does not have', async () => {
    const saved = await saveRules((r) => overspeed({ ...r, escalation: { severity: 'critical', afterMinutes: 5, assigneeId: null } }, { quietHours: null, groupIds: [] }));
    expect(saved.json<AlertRulesResponse>().warnings).toContainEqual({ type: 'overspeed', code: 'groups-empty' });
    const refused = await saveRules((r) => ({ ...r, types: { ...r.types, geofence_enter: { ...r.types.geofence_enter, threshold: 3 } } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ field: 'rules.types.geofence_enter.threshold' });
    const dispatcher = await accessTokenFor(suite.fleet.app, 'erik', tenant);
    const denied = await suite.fleet.app.inject({ method: 'PUT', url: '/api/alert-rules', headers: bearer(dispatcher), payload: { expectedVersion: 1, rules: saved.json<AlertRulesResponse>().rules } });
    expect(denied.json<ApiErrorBody>().params).toMatchObject({ permission: 'alerts.configure' });
  });
});

describe('escalation', () => {
  it('an unacknowledged alert notifies again after N minutes, is assigned to the person on duty, and its history says so', async () => {
    await saveRules((r) => overspeed({ ...r, escalation: { severity: 'critical', afterMinutes: 5, assigneeId: demoAccounts.anders.id } }, { groupIds: null, severity: 'critical', quietHours: null }));
    const { alerts } = await speeding();
    const id = alerts[0]?.id ?? '';
    const opened = Date.parse((await suite.fleet.app.inject({ url: `/api/alerts/${id}`, headers: bearer(admin) })).json<Alert>().openedAt);
    // Four minutes after it opened: not yet. Six: escalated, once.
    expect(await escalateAlerts(suite.fleet.db, () => opened + 4 * 60_000)).toBe(0);
    expect(await escalateAlerts(suite.fleet.db, () => opened + 6 * 60_000)).toBe(1);
    expect(await escalateAlerts(suite.fleet.db, () => opened + 60 * 60_000)).toBe(0);
    const alert = (await suite.fleet.app.inject({ url: `/api/alerts/${id}`, headers: bearer(admin) })).json<Alert>();
    expect(alert.escalatedAt).not.toBeNull();
    expect(alert.assignee).toEqual({ id: demoAccounts.anders.id, displayName: 'Anders Admin' });
    expect(alert.notes.at(-1)).toMatchObject({ author: null, text: 'Escalated: not acknowledged within 5 min; assigned to Anders Admin.' });
    const outbox = await suite.fleet.db.withTenant(tenant, (db) => db.query("SELECT alert_id FROM notification_outbox WHERE event = 'alert.escalated'"));
    expect(outbox.rows).toEqual([{ alert_id: id }]);
  });
});
