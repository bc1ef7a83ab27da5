/**
 * Alert → webhook delivery under a steady alert rate (issue 11): a fleet cloud on embedded
 * PostgreSQL with the demo seed, one webhook of Harbour Taxi pointing at a receiver in this
 * process, and BENCH_ALERT_RATE (100) new alerts a second for BENCH_ALERT_SECONDS (20) through the
 * real ingest endpoint (new engine codes on the taxis: each code opens one alert). Prints the
 * delay from the fix that raised an alert to its signed call arriving: p50, p99, max, and how
 * many arrived. Figures depend on the machine's load, printed beside them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';
import { alertTenants, quantile, registerWebhook, sendAlerts, startWebhookReceiver } from './webhook-load.ts';

const rate = Number(process.env.BENCH_ALERT_RATE ?? 100);
const seconds = Number(process.env.BENCH_ALERT_SECONDS ?? 20);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

export async function webhookDelay(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-alerts-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  const receiver = await startWebhookReceiver();
  const { delays } = receiver;
  try {
    await registerWebhook(cloud.url, receiver.url, alertTenants.harbourTaxi);
    let code = 0x1000;
    const started = Date.now();
    for (let second = 0; second < seconds; second++) {
      code = await sendAlerts(cloud.url, alertTenants.harbourTaxi.tenant, rate, code);
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
