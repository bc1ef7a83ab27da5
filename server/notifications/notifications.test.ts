import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRulesResponse } from '../../contract/api/alert-rules.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { CreateWebhookResponse, DeliveryListResponse, MailBacklogResponse, Webhook, WebhookPayload } from '../../contract/api/notifications.ts';
import type { ProviderSettingsResponse } from '../../contract/api/provider-settings.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { emptyReadings, type Report } from '../ingest/report.ts';
import { MailReceiver, WebhookReceiver } from '../test/notification-receivers.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { disableWebhookAfterFailures } from './retry-schedule.ts';

// The dispatcher's clock: moved forward to make retries due without waiting for them.
let clock = Date.now();
const suite = useTestFleet({ notifications: { now: () => clock, pollMs: 60_000 } });
const tenant = demoTenants.harbourTaxi.id;
const taxi = demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi);
const receiver = new WebhookReceiver(() => clock);
const mail = new MailReceiver();
let admin: string;
let operator: string;
let receiverUrl: string;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, token: string, payload?: object) =>
  suite.fleet.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function providerChange(changes: object) {
  const current = (await api('GET', '/api/provider/settings', operator)).json<ProviderSettingsResponse>();
  const response = await api('PATCH', '/api/provider/settings', operator, { expectedVersion: current.version, changes });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ProviderSettingsResponse>();
}

/**
 * Drives the taxi at 150 km/h through real ingest: a new overspeed alert opens (the previous one
 * is resolved first, as a dispatcher would, and the fixes are past its cool-down).
 */
let fixAt = Date.now() - 6 * 3600_000;
async function speed() {
  if (!taxi) throw new Error('the demo has a Harbour Taxi vehicle');
  await suite.fleet.db.withTenant(tenant, (db) => db.query("UPDATE alerts SET status = 'resolved', resolved_at = now(), version = version + 1 WHERE status <> 'resolved'"));
  const reports: Report[] = [0, 10, 20].map((s) => ({ ...emptyReadings, uniqueId: taxi.uniqueId, fixTime: fixAt + s * 1000, latitude: 57.69, longitude: 11.9 + s * 0.0005, speedKmh: 150, course: 90, ignition: true, attributes: {} }));
  // Back to 40 km/h ends the episode, so the next call opens a new alert after the cool-down.
  reports.push({ ...emptyReadings, uniqueId: taxi.uniqueId, fixTime: fixAt + 30_000, latitude: 57.69, longitude: 11.92, speedKmh: 40, course: 90, ignition: true, attributes: {} });
  fixAt += 3600_000 / 4;
  await suite.fleet.app.ingest.submit(reports);
  await suite.fleet.app.ingest.drain();
}

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'maria', tenant);
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  receiverUrl = await receiver.listen();
  const smtpPort = await mail.listen();
  await providerChange({ smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', username: '', from: 'Fleet alerts <alerts@fleet.test>' } });
});
afterAll(async () => {
  await receiver.close();
  await mail.close();
});

describe('webhooks', () => {
  it('refuses URLs that are not http(s) or point at private addresses, with the reason as a code', async () => {
    for (const [url, problem] of [['ftp://example.com/x', 'not_http'], [receiverUrl, 'loopback_address'], ['http://10.1.2.3/hook', 'private_address'], ['https://user:pw@example.com/', 'has_credentials']]) {
      const response = await api('POST', '/api/webhooks', admin, { name: 'Dispatch system', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<ApiErrorBody>()).toMatchObject({ field: 'url', reason: 'webhook-url-invalid', params: { problem } });
    }
  });

  it('a viewer may not manage webhooks; the 403 names the permission', async () => {
    const viewer = await accessTokenFor(suite.fleet.app, 'viktor', tenant);
    const response = await api('GET', '/api/webhooks', viewer);
    expect(response.statusCode).toBe(403);
    expect(response.json<ApiErrorBody>().params).toMatchObject({ permission: 'webhooks.manage' });
  });

  it('on an on-premise install, adds a receiver after a signed test call and delivers alerts signed', async () => {
    await providerChange({ allowPrivateWebhooks: true });
    // A receiver that fails its test is refused, and nothing is stored.
    receiver.status = 500;
    const refused = await api('POST', '/api/webhooks', admin, { name: 'Dispatch system', url: receiverUrl });
    expect(refused.json<ApiErrorBody>()).toMatchObject({ reason: 'webhook-test-failed', params: { error: 'http-status', httpStatus: 500 } });
    receiver.status = 204;

    const created = await api('POST', '/api/webhooks', admin, { name: 'Dispatch system', url: receiverUrl, minSeverity: 'warning' });
    expect(created.statusCode, created.body).toBe(201);
    const { webhook, secret } = created.json<CreateWebhookResponse>();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    expect(receiver.calls.at(-1)).toMatchObject({ event: 'webhook.test', signatureValid: false });

    await speed();
    await suite.fleet.app.notifications.settle();
    // The overspeed's call: outside the platform's allowed hours (06–20 local) the same fix also
    // opens an "ignition outside hours" warning, which this webhook (warning or worse) hears too.
    const call = await receiver.waitFor((c) => c.event === 'alert.opened' && (c.body as unknown as WebhookPayload).alert?.type === 'overspeed');
    expect(call.signatureValid).toBe(true);
    expect(Math.abs(call.timestampAgeS)).toBeLessThanOrEqual(1);
    const body = call.body as unknown as WebhookPayload;
    expect(body).toMatchObject({ event: 'alert.opened', tenantId: tenant, id: call.deliveryId, vehicle: { name: taxi?.name } });
    expect(body.alert).toMatchObject({ type: 'overspeed', severity: 'warning' });

    const log = (await api('GET', `/api/notifications/deliveries?webhookId=${webhook.id}`, admin)).json<DeliveryListResponse>();
    // The overspeed's delivery and the test call (at night also the ignition warning's delivery).
    const logged = log.items.filter((d) => d.event !== 'alert.opened' || d.alertId === body.alert?.id);
    expect(logged.map((d) => [d.event, d.status])).toEqual([['alert.opened', 'delivered'], ['webhook.test', 'delivered']]);
  });

  it('"send test" signs with the stored secret and logs the attempt', async () => {
    const [webhook] = (await api('GET', '/api/webhooks', admin)).json<{ items: Webhook[] }>().items;
    const response = await api('POST', `/api/webhooks/${webhook?.id}/test`, admin);
    expect(response.json()).toMatchObject({ ok: true, httpStatus: 204, error: null });
    expect(receiver.calls.at(-1)).toMatchObject({ event: 'webhook.test', signatureValid: true });
  });

  it('retries a failing receiver with growing delays and turns the webhook off after repeated failures, saying why', async () => {
    receiver.status = 503;
    const before = receiver.calls.length;
    await speed();
    await suite.fleet.app.notifications.settle();
    expect(receiver.calls.length).toBe(before + 1);
    // Not due again until the backoff passes.
    await suite.fleet.app.notifications.settle();
    expect(receiver.calls.length).toBe(before + 1);
    const delays: number[] = [];
    for (let n = 1; n < disableWebhookAfterFailures; n++) {
      const [pending] = (await api('GET', '/api/notifications/deliveries?status=pending', admin)).json<DeliveryListResponse>().items;
      if (!pending?.nextAttemptAt) throw new Error(`no retry planned after ${n} failures`);
      delays.push(Date.parse(pending.nextAttemptAt) - clock);
      clock = Date.parse(pending.nextAttemptAt) + 1;
      await suite.fleet.app.notifications.settle();
    }
    // 10 s doubling (±20 %) …
    expect(delays[0]).toBeGreaterThanOrEqual(8_000);
    expect(delays[0]).toBeLessThanOrEqual(12_000);
    expect(delays[3]).toBeGreaterThan(delays[0] ?? 0);
    const [webhook] = (await api('GET', '/api/webhooks', admin)).json<{ items: Webhook[] }>().items;
    expect(webhook).toMatchObject({ enabled: false, disabledReason: 'consecutive-failures', lastError: 'http-503', pending: 1 });

    // Re-enabled by an admin: the waiting delivery goes out.
    receiver.status = 200;
    const enabled = await api('PATCH', `/api/webhooks/${webhook?.id}`, admin, { expectedVersion: webhook?.version, enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    clock += 3 * 3600_000;
    await suite.fleet.app.notifications.settle();
    expect((await api('GET', '/api/notifications/deliveries?status=pending', admin)).json<DeliveryListResponse>().backlog.webhook).toBe(0);
  });
});

describe('e-mail', () => {
  it('sends alert e-mail through the provider’s SMTP server to the rule’s recipients', async () => {
    const rules = (await api('GET', '/api/alert-rules', admin)).json<AlertRulesResponse>();
    const saved = await api('PUT', '/api/alert-rules', admin, { expectedVersion: rules.version, rules: { ...rules.rules, email: { recipients: ['oncall@harbour.test'], minSeverity: 'warning' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    await speed();
    await suite.fleet.app.notifications.settle();
    const received = await mail.waitFor((m) => m.to.includes('oncall@harbour.test'));
    expect(received.from).toBe('alerts@fleet.test');
    expect(received.raw).toContain(`Subject: [warning] overspeed - ${taxi?.name ?? '?'}`);
    expect(received.raw).toContain(taxi?.name ?? '?');
  });

  it('keeps e-mail in the backlog while no SMTP server is configured', async () => {
    await providerChange({ smtp: null });
    const before = mail.mails.length;
    await speed();
    await suite.fleet.app.notifications.settle();
    const log = (await api('GET', '/api/notifications/deliveries?channel=email&status=pending', admin)).json<DeliveryListResponse>();
    expect(log.backlog.email).toBe(1);
    expect(log.items[0]).toMatchObject({ lastError: 'smtp-not-configured', attempts: 0 });
    expect(mail.mails.length).toBe(before);
    // The operators who configure SMTP see what waits behind it, per account; a tenant sees nothing of it.
    const provider = (await api('GET', '/api/provider/mail-backlog', operator)).json<MailBacklogResponse>();
    expect(provider.waiting).toBe(1);
    expect(provider.tenants).toEqual([expect.objectContaining({ tenantId: tenant, waiting: 1, lastError: 'smtp-not-configured' })]);
    expect((await api('GET', '/api/provider/mail-backlog', admin)).statusCode).toBe(403);
  });
});
