import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInResponse, TokenResponse } from '../../contract/api/auth.ts';
import type { CreateWebhookResponse, WebhookPayload } from '../../contract/api/notifications.ts';
import type { ProviderSettingsResponse } from '../../contract/api/provider-settings.ts';
import { demoPassword, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { startFleetCloud, type FleetCloud } from '../start-fleet-cloud.ts';
import { WebhookReceiver } from '../test/notification-receivers.ts';
import { startTestPostgres, type TestPostgres } from '../test/test-postgres.ts';

const call = async <T>(url: string, method: string, body?: object, token?: string): Promise<T> => {
  const response = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

async function tokenFor(base: string, username: string, tenantId: string): Promise<string> {
  const session = await call<SignInResponse>(`${base}/api/auth/sign-in`, 'POST', { username, password: demoPassword });
  return (await call<TokenResponse>(`${base}/api/auth/token`, 'POST', { refreshToken: session.refreshToken, tenantId })).accessToken;
}

// Two fleet-cloud processes one after the other: up to a minute on a busy machine.
describe('webhook deliveries survive a restart of the fleet cloud', { timeout: 120_000 }, () => {
  let postgres: TestPostgres;
  const running: FleetCloud[] = [];
  beforeAll(async () => {
    postgres = await startTestPostgres();
  });
  afterAll(async () => {
    for (const cloud of running) await cloud.close();
    await postgres?.stop();
  });

  it('an alert whose webhook could not be delivered before the stop is delivered by the next process', async () => {
    let clock = Date.now();
    const databaseUrl = await postgres.createDatabase();
    const first = await startFleetCloud({ port: 0, databaseUrl, seedDemo: true, notificationClock: () => clock });
    running.push(first);
    const operator = await tokenFor(first.url, 'operator', demoTenants.nordicFleetServices.id);
    const settings = await call<ProviderSettingsResponse>(`${first.url}/api/provider/settings`, 'GET', undefined, operator);
    await call(`${first.url}/api/provider/settings`, 'PATCH', { expectedVersion: settings.version, changes: { allowPrivateWebhooks: true } }, operator);

    const receiver = new WebhookReceiver(() => clock);
    const url = await receiver.listen();
    const admin = await tokenFor(first.url, 'maria', demoTenants.harbourTaxi.id);
    const created = await call<CreateWebhookResponse>(`${first.url}/api/webhooks`, 'POST', { name: 'Dispatch', url, minSeverity: 'info' }, admin);
    await receiver.close(); // the receiving system goes down

    const taxi = demoDevices.find((d) => d.tenant === demoTenants.harbourTaxi);
    const t = Date.now() - 600_000;
    await call(`${first.url}/api/ingest/batch`, 'POST', {
      records: [0, 10, 20].map((s) => ({ deviceId: taxi?.uniqueId, time: new Date(t + s * 1000).toISOString(), latitude: 57.69, longitude: 11.9 + s * 0.0005, speedKmh: 160, ignition: true })),
    });
    // Wait (bounded by the test timeout) until the first attempt failed and a retry is planned.
    const pending = async () => {
      for (;;) {
        const log = await call<{ items: { event: string; attempts: number; status: string }[] }>(`${first.url}/api/notifications/deliveries?status=pending`, 'GET', undefined, admin);
        const opened = log.items.find((d) => d.event === 'alert.opened' && d.attempts > 0);
        if (opened) return opened;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    expect(await pending()).toMatchObject({ status: 'pending', attempts: 1 });
    await first.close();

    // The receiver is back on the same address; a new process starts after the retry is due.
    const back = new WebhookReceiver(() => clock);
    back.secret = created.secret;
    await back.listen(Number(new URL(url).port));
    clock += 3600_000;
    const second = await startFleetCloud({ port: 0, databaseUrl, notificationClock: () => clock });
    running.push(second);
    // Deliveries go out concurrently (decision 0230): the overspeed's is not necessarily the first.
    const delivered = await back.waitFor((c) => c.event === 'alert.opened' && (c.body as unknown as WebhookPayload).alert?.type === 'overspeed');
    expect(delivered.signatureValid).toBe(true);
    await back.close();
  });
});
