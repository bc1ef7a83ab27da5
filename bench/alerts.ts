/**
 * `npm run bench:alerts` — issue 11's figures: the triage inbox with 5,000 open alerts (main-thread
 * time per action: open, filter, select 500, bulk-acknowledge; bench/alerts-inbox.ts) and alert →
 * webhook delay at 100 alerts a second (bench/alerts-webhook.ts), and what those alerts cost the
 * ingest's capacity (bench/alerts-under-ingest.ts). BENCH_ONLY=inbox|webhook|ingest runs one.
 * Prints figures with the load average; asserts nothing.
 *
 * Each phase runs in a process of its own: a fleet cloud started after another one closed in the
 * same process found no position partitions for today (ingest remembers the days it created per
 * process, server/ingest/position-writer.ts), so every ingest of the second phase failed.
 */
import { execFileSync } from 'node:child_process';
import { alertsUnderIngest } from './alerts-under-ingest.ts';
import { inboxActions } from './alerts-inbox.ts';
import { webhookDelay } from './alerts-webhook.ts';

const only = process.env.BENCH_ONLY;
if (only === 'webhook') await webhookDelay();
else if (only === 'inbox') await inboxActions();
else if (only === 'ingest') await alertsUnderIngest();
else {
  for (const phase of ['webhook', 'ingest', 'inbox']) {
    execFileSync(process.execPath, [import.meta.filename], { stdio: 'inherit', env: { ...process.env, BENCH_ONLY: phase } });
  }
}
