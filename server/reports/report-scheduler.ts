import type { SmtpSettings } from '../../contract/api/provider-settings.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import { MailerCache } from '../notifications/mailer.ts';
import { prepareReportPdf } from './report-fonts.ts';
import { addDueRuns, claimDueRuns, recordRun } from './report-run-store.ts';
import { sendReport } from './send-report.ts';

export interface ReportSchedulerOptions {
  /** Wall clock; tests move it to make periods and retries due. */
  now?: () => number;
  /** How often due reports are looked for (default 60 s: a report is due at 06:00, a minute late is on time). */
  pollMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** A claimed run is not taken by another instance for this long (making and mailing a large report included). */
const leaseMs = 10 * 60_000;
/** Runs claimed per tenant and round: reports are made one after the other, so a round stays short. */
const batch = 4;

/**
 * Sends scheduled reports (decision 0260): each round, for every tenant with an enabled
 * schedule, adds the run rows of periods that became due, claims due runs (SKIP LOCKED, a
 * lease), makes and mails each report outside any transaction and records the outcome. All
 * state is in PostgreSQL, so a restart resumes; a sent period is never sent again.
 */
export class ReportScheduler {
  readonly #db: FleetDb;
  readonly #now: () => number;
  readonly #options: ReportSchedulerOptions;
  readonly #mailers = new MailerCache();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #closed = false;

  constructor(db: FleetDb, options: ReportSchedulerOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.#options.log?.('scheduled reports round failed', error)), this.#options.pollMs ?? 60_000);
    this.#timer.unref();
    void this.#prepareWriters().catch((error: unknown) => this.#options.log?.('report writers not prepared', error));
  }

  /** With schedules to send, the PDF writer is loaded and its fonts parsed now rather than by the first report. */
  async #prepareWriters(): Promise<void> {
    const tenants = await this.#db.query<{ tenant_id: string }>('SELECT tenant_id FROM report_schedule_tenants() LIMIT 1');
    if (tenants.rows.length > 0 && !this.#closed) await prepareReportPdf();
  }

  /** One round (or the one in progress): how many runs it attempted. Tests call it after moving the clock. */
  runOnce(): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    this.#running ??= this.#round().finally(() => (this.#running = null));
    return this.#running;
  }

  /** The mailers of this process (one per SMTP settings version), shared with "send now". */
  mailerFor = (settings: SmtpSettings) => this.#mailers.mailerFor(settings);

  /** The provider's SMTP server, as every tenant's mail uses it (null: none configured). */
  async smtp(): Promise<SmtpSettings | null> {
    const row = await this.#db.query<{ s: { smtp?: SmtpSettings | null } | null }>('SELECT provider_notification_settings() AS s');
    return row.rows[0]?.s?.smtp ?? null;
  }

  async #round(): Promise<number> {
    const tenants = await this.#db.query<{ tenant_id: string }>('SELECT tenant_id FROM report_schedule_tenants()');
    let attempted = 0;
    for (const { tenant_id: tenantId } of tenants.rows) {
      if (this.#closed) break;
      const now = this.#now();
      const { tenantName, timeZone, retentionDays } = await this.#db.withTenant(tenantId, async (db) => {
        const settings = await loadMonitoringSettings(db, tenantId);
        await addDueRuns(db, settings.timeZone, now);
        const name = (await db.query<{ name: string }>('SELECT name FROM tenants WHERE id = app_current_tenant()')).rows[0]?.name ?? '';
        return { tenantName: name, timeZone: settings.timeZone, retentionDays: settings.retentionDays };
      });
      // Claimed in its own committed transaction: the lease must hold while the reports are made and sent.
      const claimed = await this.#db.withTenant(tenantId, (db) => claimDueRuns(db, now, leaseMs, batch));
      if (claimed.length === 0) continue;
      const smtp = await this.smtp();
      for (const run of claimed) {
        const outcome = await sendReport((work) => this.#db.withTenant(tenantId, work), { tenantName, timeZone, retentionDays, ...run.schedule }, run.period, { smtp, mailerFor: this.mailerFor });
        if (!outcome.ok) this.#options.log?.(`scheduled report ${run.schedule.id} ${run.period.from} not sent: ${outcome.error} (${outcome.detail})`);
        await this.#db.withTenant(tenantId, (db) => recordRun(db, run, outcome, this.#now()));
        attempted += 1;
      }
    }
    return attempted;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
    this.#mailers.close();
  }
}
