/**
 * Alert → webhook delivery under a steady alert rate (issue 11): a fleet cloud on embedded
 * PostgreSQL with the demo seed, one webhook of Harbour Taxi pointing at a receiver in this
 * process, and BENCH_ALERT_RATE (100) new alerts a second for BENCH_ALERT_SECONDS (20) through the
 * real ingest endpoint (new engine codes on the taxis: each code opens one alert). Prints the
 * delay from the fix that raised an alert to its signed call arriving: p50, p99, max, and how
 * many arrived. Figures depend on the machine's load, printed beside them.
 */
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ProviderSettingsResponse } from '../contract/api/provider-settings.ts';
import { demoDevices } from '../demo/demo-fleet.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { apiAs } from '../e2e/alert-api.ts';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';

const rate = Number(process.env.BENCH_ALERT_RATE ?? 100);
const seconds = Number(process.env.BENCH_ALERT_SECONDS ?? 20);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

export async function webhookDelay(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-alerts-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  // The receiver: when each alert's call arrived (by the alert's open time, the fix that raised it).
  const delays: number[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; alert?: { openedAt?: string } };
      if (body.event === 'alert.opened' && body.alert?.openedAt) delays.push(at - Date.parse(body.alert.openedAt));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const operator = await apiAs(cloud.url, 'operator', 'Nordic Fleet Services');
    const provider = await operator<ProviderSettingsResponse>('GET', '/api/provider/settings');
    await operator('PATCH', '/api/provider/settings', { expectedVersion: provider.version, changes: { allowPrivateWebhooks: true } });
    const admin = await apiAs(cloud.url, 'maria', 'Harbour Taxi');
    await admin('POST', '/api/webhooks', { name: 'Bench receiver', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, minSeverity: 'info' });

    const taxis = demoDevices.filter((d) => d.tenant.id === demoTenants.harbourTaxi.id);
    let code = 0x1000;
    const started = Date.now();
    for (let second = 0; second < seconds; second++) {
      // One batch a second; a record carries at most 50 codes, so the rate is spread over the taxis.
      const perTaxi = Math.ceil(rate / taxis.length);
      const now = new Date().toISOString();
      const records = taxis.map((t, k) => ({ deviceId: t.uniqueId, time: now, latitude: 57.70 + k * 0.01, longitude: 11.95, speedKmh: 0, ignition: true, dtc: Array.from({ length: perTaxi }, () => `P${(code++).toString(16).toUpperCase()}`) }));
      const response = await fetch(`${cloud.url}/api/ingest/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
      if (!response.ok) throw new Error(`ingest answered ${response.status}`);
      const next = started + (second + 1) * 1000;
      if (next > Date.now()) await new Promise((resolve) => setTimeout(resolve, next - Date.now()));
    }
    const sent = code - 0x1000;
    // Wait (bounded) for the last calls: the figure is about delivery, not about the run's end.
    const deadline = Date.now() + 30_000;
    while (delays.length < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    console.log(`alert → webhook: ${delays.length}/${sent} alerts delivered at ${rate}/s for ${seconds} s; delay p50 ${quantile(delays, 0.5)} ms, p99 ${quantile(delays, 0.99)} ms, max ${Math.max(...delays)} ms (load average ${load()})`);
  } finally {
    receiver.close();
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
