import type { SmtpSettings } from '../../contract/api/provider-settings.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import type { DeliverySink } from './alert-deliveries.ts';
import { claimDue, expandOutbox, recordAttempts, type AttemptResult, type ClaimedDelivery } from './delivery-store.ts';
import { MailerCache } from './mailer.ts';
import { outboxChannel } from './outbox.ts';
import { sendWebhook } from './webhook-sender.ts';

export interface DispatcherOptions {
  /** Wall clock; tests move it to make retries due. */
  now?: () => number;
  /** How often due retries are looked for when nothing wakes the dispatcher (default 1 s). */
  pollMs?: number;
  /**
   * How long a wake-up waits for more (default 100 ms): alerts committed meanwhile go out in the
   * same round, so a burst costs one round's queries, not one per ingest commit (decision 0450).
   */
  gatherMs?: number;
  /** Deliveries claimed per tenant and round (default 128: at 32 in flight and the 10 s timeout, a round of
   * receivers that never answer still ends within the 60 s claim lease). */
  batch?: number;
  /** Calls in flight at once (default 32): a slow receiver holds one slot, not the round. */
  concurrency?: number;
  /** Webhook request timeout (default 10 s). */
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
  /**
   * How often unacknowledged alerts are checked for escalation (default 30 s). Escalation runs
   * on the same clock as the dispatcher, so a test that moves the clock shortens this too.
   */
  escalationEveryMs?: number;
}

/** A claimed delivery is not retried by anyone for this long (longer than any send may take). */
const leaseMs = 60_000;
/** Without an SMTP server, e-mails wait this long between checks, keeping their attempts. */
const noSmtpRetryMs = 60_000;

interface ProviderNotificationSettings {
  smtp: SmtpSettings | null;
  allowPrivateWebhooks: boolean;
}

/**
 * Delivers the outbox: expands notification events into deliveries, sends webhooks and e-mails
 * outside any transaction, records each attempt. Woken by NOTIFY on commit of new outbox rows and
 * by a poll for retries; one round at a time per instance, any number of instances side by side
 * (claims use SKIP LOCKED). Everything it needs is in PostgreSQL, so a restart resumes where the
 * last process stopped.
 *
 * It is also this instance's `DeliverySink`: ingest writes the deliveries of the alerts it opens
 * already claimed and hands them over once committed (decision 0490); they go out in the next
 * round from memory, with no outbox row, claim or read-back.
 */
export class NotificationDispatcher implements DeliverySink {
  readonly #db: FleetDb;
  readonly #now: () => number;
  readonly #options: DispatcherOptions;
  readonly #mailers = new MailerCache();
  #timer: NodeJS.Timeout | null = null;
  #listener: { close(): Promise<void> } | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #started = false;
  /**
   * Whether the next round looks in PostgreSQL for due work (outbox rows, retries, deliveries
   * whose lease ended): set by the poll, a NOTIFY and the callers; a round woken only by a
   * hand-over from ingest sends from memory without that query.
   */
  #storeDue = true;
  /** Deliveries handed over by ingest, per tenant, with the end of their lease. */
  readonly #handed = new Map<string, { delivery: ClaimedDelivery; leasedUntil: number }[]>();

  constructor(db: FleetDb, options: DispatcherOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#listener = await this.#db.listen(outboxChannel, () => this.kick(), (error) => this.#options.log?.('outbox listener failed', error));
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs ?? 1000);
    this.#timer.unref();
    this.#started = true;
    this.kick();
  }

  leasedUntil(): Date | null {
    return this.#started && !this.#closed ? new Date(this.#now() + leaseMs) : null;
  }

  accept(tenantId: string, deliveries: readonly ClaimedDelivery[], leasedUntil: Date): void {
    if (deliveries.length === 0) return;
    let queue = this.#handed.get(tenantId);
    if (!queue) this.#handed.set(tenantId, (queue = []));
    for (const delivery of deliveries) queue.push({ delivery, leasedUntil: leasedUntil.getTime() });
    this.kick(false);
  }

  /**
   * Up to `limit` handed-over deliveries of a tenant. One whose lease is half gone is dropped:
   * sending it now could overlap another instance's claim once the lease ends; that claim sends it.
   */
  #takeHanded(tenantId: string, now: number, limit: number): { taken: number; deliveries: ClaimedDelivery[] } {
    const queue = this.#handed.get(tenantId);
    if (!queue) return { taken: 0, deliveries: [] };
    const taken = queue.splice(0, limit);
    if (queue.length === 0) this.#handed.delete(tenantId);
    return { taken: taken.length, deliveries: taken.filter((h) => h.leasedUntil - now > leaseMs / 2).map((h) => h.delivery) };
  }

  /** Asks for a round now (or right after the current one); `fromStore`: one that looks for due work in PostgreSQL. */
  kick(fromStore = true): void {
    if (this.#closed) return;
    if (fromStore) this.#storeDue = true;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const gatherMs = this.#options.gatherMs ?? 100;
    this.#running = new Promise((resolve) => setTimeout(resolve, gatherMs))
      .then(() => this.#rounds())
      .catch((error: unknown) => this.#options.log?.('notification round failed', error))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          // Whether it looks in PostgreSQL was set by the kick that asked for it.
          this.kick(false);
        }
      });
  }

  /** Asks for a round and resolves once the dispatcher has nothing left that is due (tests await it). */
  async settle(): Promise<void> {
    this.kick();
    while (this.#running) await this.#running;
  }

  /** Rounds until nothing is due, looking in PostgreSQL first. */
  async runUntilIdle(): Promise<void> {
    this.#storeDue = true;
    await this.#rounds();
  }

  async #rounds(): Promise<void> {
    while (!this.#closed && (await this.round()) > 0);
  }

  /** One round over every tenant with work; returns how many outbox rows and deliveries it handled. */
  async round(): Promise<number> {
    const now = new Date(this.#now());
    const fromStore = this.#storeDue;
    this.#storeDue = false;
    const tenants = fromStore ? await this.#db.query<{ tenant_id: string }>('SELECT tenant_id FROM notification_due_tenants($1)', [now]) : { rows: [] };
    // Work found there may not all fit in this round: the next one looks again.
    if (tenants.rows.length > 0) this.#storeDue = true;
    const withWork = new Set([...tenants.rows.map((r) => r.tenant_id), ...this.#handed.keys()]);
    if (withWork.size === 0) return 0;
    const dueInStore = new Set(tenants.rows.map((r) => r.tenant_id));
    const provider = await this.#providerSettings();
    let handled = 0;
    const batch = this.#options.batch ?? 128;
    for (const tenantId of withWork) {
      const { taken, deliveries: handed } = this.#takeHanded(tenantId, now.getTime(), batch);
      handled += taken;
      const claimed = [...handed];
      // A tenant with only handed-over deliveries costs no transaction here. Otherwise the outbox
      // (escalations, the offline sweep) is expanded and due retries claimed in one committed
      // transaction before any call: the lease must hold while the sends run.
      if (taken < batch && dueInStore.has(tenantId)) {
        const room = batch - taken;
        claimed.push(...(await this.#db.withTenant(tenantId, async (db) => {
          const expansion = await expandOutbox(db, tenantId, await loadMonitoringSettings(db, tenantId), now, { leaseMs, limit: room });
          handled += expansion.expanded;
          const due = expansion.claimed.length < room ? await claimDue(db, now, leaseMs, room - expansion.claimed.length) : [];
          return [...expansion.claimed, ...due];
        })));
      }
      handled += claimed.length - handed.length;
      if (claimed.length === 0) continue;
      const results = await mapConcurrently(claimed, this.#options.concurrency ?? 32, async (d) => [d, await this.#attempt(d, provider)] as const);
      await this.#db.withTenant(tenantId, (db) => recordAttempts(db, results, new Date(this.#now())));
    }
    return handled;
  }

  async #attempt(delivery: ClaimedDelivery, provider: ProviderNotificationSettings): Promise<AttemptResult> {
    if (delivery.channel === 'email') {
      if (!provider.smtp) return { ok: false, httpStatus: null, error: 'smtp-not-configured', deferMs: noSmtpRetryMs };
      const payload = delivery.payload as { subject: string; text: string };
      const sent = await this.#mailers.mailerFor(provider.smtp).send({ to: delivery.recipient ?? '', subject: payload.subject, text: payload.text });
      return sent.ok ? { ok: true, httpStatus: null, error: null } : { ok: false, httpStatus: null, error: sent.error };
    }
    const hook = delivery.hook;
    if (!hook) return { ok: false, httpStatus: null, error: 'address-refused' };
    const attempt = await sendWebhook(
      { url: hook.url, secret: hook.secret, event: delivery.event, deliveryId: delivery.id, body: JSON.stringify(delivery.payload) },
      { allowPrivate: provider.allowPrivateWebhooks, now: this.#now, ...(this.#options.timeoutMs ? { timeoutMs: this.#options.timeoutMs } : {}) },
    );
    return { ok: attempt.ok, httpStatus: attempt.httpStatus, error: attempt.error };
  }

  async #providerSettings(): Promise<ProviderNotificationSettings> {
    const row = await this.#db.query<{ s: { smtp?: SmtpSettings | null; allowPrivateWebhooks?: boolean | null } | null }>('SELECT provider_notification_settings() AS s');
    const s = row.rows[0]?.s;
    return { smtp: s?.smtp ?? null, allowPrivateWebhooks: s?.allowPrivateWebhooks ?? false };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    await this.#listener?.close();
    this.#mailers.close();
  }
}

/** `work` over every item with at most `limit` running at once; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await work(items[k] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
