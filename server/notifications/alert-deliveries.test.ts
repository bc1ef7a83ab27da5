import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateWebhookResponse, WebhookPayload } from '../../contract/api/notifications.ts';
import type { ProviderSettingsResponse } from '../../contract/api/provider-settings.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { applySignals } from '../alerts/alert-writer.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import { emptyReadings, type Report } from '../ingest/report.ts';
import { defined } from '../test/defined.ts';
import { WebhookReceiver } from '../test/notification-receivers.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { deliverOpenedAlerts, type DeliverySink } from './alert-deliveries.ts';
import { NotificationDispatcher } from './notification-dispatcher.ts';
import { outboxChannel } from './outbox.ts';

// The app's own dispatcher runs on the wall clock and polls rarely: a delivery it did not send
// from memory stays leased for it for a minute. "Another instance" below has a clock of its own.
const suite = useTestFleet({ notifications: { pollMs: 600_000 } });
const tenant = demoTenants.harbourTaxi.id;
const [taxi, second] = demoDevices.filter((d) => d.tenant === demoTenants.harbourTaxi);
const receiver = new WebhookReceiver();
let admin: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

interface DeliveryRow { id: string; alert_id: string; status: string; attempts: number; next_attempt_at: Date }
const deliveriesOf = async (alertId: string) =>
  suite.fleet.db.withTenant(tenant, async (db) => (await db.query<DeliveryRow>('SELECT id, alert_id, status, attempts, next_attempt_at FROM notification_deliveries WHERE alert_id = $1', [alertId])).rows);
const outboxRows = async () => suite.fleet.db.withTenant(tenant, async (db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM notification_outbox')).rows[0]?.n));

/** Opens a new engine-code alert on `deviceId` in a tenant transaction, its deliveries written by `deliverOpenedAlerts` with `sink`. */
let code = 0x100;
async function openWith(deviceId: string, sink: DeliverySink | undefined): Promise<string> {
  const key = `P${(code++).toString(16)}`;
  const { alertId, afterCommit } = await suite.fleet.db.withTenant(tenant, async (db) => {
    const settings = await loadMonitoringSettings(db, tenant);
    const at = Date.now() - 5_000;
    const written = await applySignals(db, [{ deviceId, groupId: null, signals: [{ kind: 'raise', type: 'dtc', key, severity: 'critical', at, lat: 57.7, lon: 11.97, message: `dtc ${key}`, details: { code: key } }] }], settings);
    const alerts = written.opened.flatMap((id) => written.rows.get(id) ?? []);
    const notified = await deliverOpenedAlerts(db, tenant, alerts, settings, sink);
    return { alertId: alerts[0]?.id ?? '', afterCommit: notified.afterCommit };
  });
  afterCommit();
  return alertId;
}

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'maria', tenant);
  const operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  const settings = (await api('GET', '/api/provider/settings', operator)).json<ProviderSettingsResponse>();
  await api('PATCH', '/api/provider/settings', operator, { expectedVersion: settings.version, changes: { allowPrivateWebhooks: true } });
  const created = await api('POST', '/api/webhooks', admin, { name: 'Dispatch', url: await receiver.listen(), minSeverity: 'info' });
  expect(created.statusCode, created.body).toBe(201);
  receiver.secret = created.json<CreateWebhookResponse>().secret;
});
afterAll(async () => {
  await receiver.close();
});

describe('deliveries of alerts opened by ingest (decision 0490)', () => {
  it('are written in the ingest transaction, claimed and without an outbox row, and sent from memory', async () => {
    if (!taxi) throw new Error('the demo has a Harbour Taxi vehicle');
    const outboxBefore = await outboxRows();
    const woken: string[] = [];
    const listener = await suite.fleet.db.listen(outboxChannel, (payload) => woken.push(payload));
    const t = Date.now() - 3600_000;
    const reports: Report[] = [0, 10, 20].map((s) => ({ ...emptyReadings, uniqueId: taxi.uniqueId, fixTime: t + s * 1000, latitude: 57.69, longitude: 11.9 + s * 0.0005, speedKmh: 150, course: 90, ignition: true, attributes: {} }));
    await suite.fleet.app.ingest.submit(reports);
    await suite.fleet.app.ingest.drain();
    const call = await receiver.waitFor((c) => c.event === 'alert.opened' && (c.body as unknown as WebhookPayload).alert?.type === 'overspeed');
    expect(call.signatureValid).toBe(true);
    const body = call.body as unknown as WebhookPayload;
    expect(body).toMatchObject({ id: call.deliveryId, tenantId: tenant, vehicle: { id: taxi.id, name: taxi.name }, alert: { type: 'overspeed', status: 'open', occurrences: 1, notes: [] } });
    await suite.fleet.app.notifications.settle();
    await listener.close();
    // Delivered once, with no outbox row and no NOTIFY: nothing woke the dispatcher (it polls every
    // 10 min) and nothing was due for a claim; the hand-over after commit sent it.
    expect(await deliveriesOf(String(body.alert?.id))).toMatchObject([{ id: call.deliveryId, status: 'delivered', attempts: 1 }]);
    expect(await outboxRows()).toBe(outboxBefore);
    expect(woken).toEqual([]);
    expect(receiver.calls.filter((c) => c.deliveryId === call.deliveryId)).toHaveLength(1);
  });

  it('a process that died before sending leaves them leased: another instance skips them, then sends them once the lease ends', async () => {
    let clock = Date.now();
    const lease = 60_000;
    // The ingest process hands the deliveries over and dies before its dispatcher sends them.
    const died: DeliverySink = { leasedUntil: () => new Date(clock + lease), accept: () => {} };
    const alertId = await openWith(defined(second, 'a second taxi').id, died);
    const [written] = await deliveriesOf(alertId);
    expect(written).toMatchObject({ status: 'pending', attempts: 0 });
    expect(written?.next_attempt_at.getTime()).toBe(clock + lease);

    const other = new NotificationDispatcher(suite.fleet.db, { now: () => clock });
    try {
      await other.runUntilIdle();
      expect(receiver.calls.filter((c) => c.deliveryId === written?.id)).toHaveLength(0);
      clock += lease + 1;
      await other.runUntilIdle();
      const call = await receiver.waitFor((c) => c.deliveryId === written?.id);
      expect((call.body as unknown as WebhookPayload).alert).toMatchObject({ id: alertId, type: 'dtc' });
      expect(await deliveriesOf(alertId)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    } finally {
      await other.close();
    }
  });

  it('without a dispatcher in the process, are written due and wake one with a NOTIFY at commit', async () => {
    const woken: string[] = [];
    const listener = await suite.fleet.db.listen(outboxChannel, (payload) => woken.push(payload));
    try {
      const alertId = await openWith(defined(second, 'a second taxi').id, undefined);
      const [written] = await deliveriesOf(alertId);
      expect(written?.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());
      for (let i = 0; i < 100 && woken.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(woken).toHaveLength(1);
      // The app's dispatcher (woken by that NOTIFY, or asked here) claims and sends it.
      await suite.fleet.app.notifications.settle();
      await receiver.waitFor((c) => c.deliveryId === written?.id);
      expect(await deliveriesOf(alertId)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    } finally {
      await listener.close();
    }
  });
});
