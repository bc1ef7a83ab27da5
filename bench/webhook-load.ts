/**
 * The alert side of issue 11's webhook figure, shared by the benches that use it
 * (alerts-webhook.ts alone, alerts-under-ingest.ts beside the ingest load): a receiver in the
 * bench's process that notes when each alert's call arrived, a tenant's webhook pointing at it,
 * and one second's worth of new alerts sent through the real ingest endpoint (new engine codes on
 * the tenant's demo vehicles: each code opens one alert).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderSettingsResponse } from '../contract/api/provider-settings.ts';
import { demoDevices } from '../demo/demo-fleet.ts';
import { demoTenants, type DemoTenant } from '../demo/demo-accounts.ts';
import { apiAs } from '../e2e/alert-api.ts';

export interface WebhookReceiver {
  url: string;
  /**
   * Per alert.opened call of an engine-code alert (the ones `sendAlerts` raises; not, say, the
   * ingest bench units' overspeeds): arrival − the alert's open time (the fix that raised it), ms.
   */
  delays: number[];
  close(): void;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const delays: number[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; alert?: { type?: string; openedAt?: string } };
      if (body.event === 'alert.opened' && body.alert?.type === 'dtc' && body.alert.openedAt) delays.push(at - Date.parse(body.alert.openedAt));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, delays, close: () => receiver.close() };
}

/** The demo tenants the benches raise alerts on, with their admin. */
export const alertTenants = { harbourTaxi: { tenant: demoTenants.harbourTaxi, admin: 'maria' }, cityUtilities: { tenant: demoTenants.cityUtilities, admin: 'sofia' } } as const;
type AlertTenant = (typeof alertTenants)[keyof typeof alertTenants];

/** The provider allows webhooks to this machine; the tenant's admin points one at the receiver (every severity). */
export async function registerWebhook(cloudUrl: string, receiverUrl: string, { tenant, admin }: AlertTenant): Promise<void> {
  const operator = await apiAs(cloudUrl, 'operator', 'Nordic Fleet Services');
  const provider = await operator<ProviderSettingsResponse>('GET', '/api/provider/settings');
  await operator('PATCH', '/api/provider/settings', { expectedVersion: provider.version, changes: { allowPrivateWebhooks: true } });
  const api = await apiAs(cloudUrl, admin, tenant.name);
  await api('POST', '/api/webhooks', { name: 'Bench receiver', url: receiverUrl, minSeverity: 'info' });
}

/** Sends one batch that opens `count` new alerts on the tenant's demo vehicles (codes from `firstCode` on); answers the next free code. */
export async function sendAlerts(cloudUrl: string, tenant: DemoTenant, count: number, firstCode: number): Promise<number> {
  const vehicles = demoDevices.filter((d) => d.tenant.id === tenant.id);
  // A record carries at most 50 codes (the ingest limit), so the alerts are spread over the vehicles.
  const perVehicle = Math.ceil(count / vehicles.length);
  let code = firstCode;
  const now = new Date().toISOString();
  const records = vehicles.map((v, k) => ({ deviceId: v.uniqueId, time: now, latitude: 57.70 + k * 0.01, longitude: 11.95, speedKmh: 0, ignition: true, dtc: Array.from({ length: perVehicle }, () => `P${(code++).toString(16).toUpperCase()}`) }));
  const response = await fetch(`${cloudUrl}/api/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
  if (!response.ok) throw new Error(`ingest answered ${response.status} to ${tenant.name}'s engine codes`);
  return code;
}

export const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
