/**
 * `npm run bench:alerts` — issue 11's figures: the triage inbox with 5,000 open alerts (main-thread
 * time per action: open, filter, select 500, bulk-acknowledge; bench/alerts-inbox.ts) and alert →
 * webhook delay at 100 alerts a second (bench/alerts-webhook.ts). BENCH_ONLY=inbox|webhook runs
 * one. Prints figures with the load average; asserts nothing.
 */
import { inboxActions } from './alerts-inbox.ts';
import { webhookDelay } from './alerts-webhook.ts';

const only = process.env.BENCH_ONLY;
if (!only || only === 'webhook') await webhookDelay();
if (!only || only === 'inbox') await inboxActions();
