import type { ReportKind, ReportRunError, ReportSelection } from '../../contract/api/report-schedules.ts';
import type { ReportFormat } from '../../contract/reports/report-formats.ts';
import { previousPeriod, periodDueAt, type ReportCadence, type ReportPeriod } from '../../contract/reports/report-periods.ts';
import { localDay } from '../../contract/time/local-day.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { maxAttempts, retryDelayMs } from '../notifications/retry-schedule.ts';

/** A schedule as the scheduler needs it (the current tenant's, RLS applies). */
export interface ScheduleRow {
  id: string;
  name: string;
  report: ReportKind;
  cadence: ReportCadence;
  selection: ReportSelection;
  formats: ReportFormat[];
  recipients: string[];
  startsOn: string;
}

/** A period's run claimed for sending, with its schedule. */
export interface ClaimedRun {
  schedule: ScheduleRow;
  period: ReportPeriod;
  attempts: number;
}

const scheduleColumns = `s.id, s.name, s.report, s.cadence, s.selection, s.formats, s.recipients, to_char(s.starts_on, 'YYYY-MM-DD') AS "startsOn"`;

/**
 * Adds the run of every enabled schedule whose last complete period is due by `now` (06:00 on the
 * day after it, in the tenant's zone) and ends on or after the schedule's first day. The key
 * (schedule, period start) makes this idempotent: a period gets one row, whoever inserts it.
 */
export async function addDueRuns(db: DbSession, timeZone: string, now: number): Promise<number> {
  const schedules = await db.query<ScheduleRow>(`SELECT ${scheduleColumns} FROM report_schedules s WHERE s.enabled`);
  const today = localDay(now, timeZone);
  const due = schedules.rows.flatMap((s) => {
    const period = previousPeriod(s.cadence, today);
    return periodDueAt(period, timeZone) <= now && period.to >= s.startsOn ? [{ id: s.id, from: period.from, to: period.to }] : [];
  });
  if (due.length === 0) return 0;
  const added = await db.query(
    `INSERT INTO report_runs (tenant_id, schedule_id, period_from, period_to, next_attempt_at)
     SELECT app_current_tenant(), x.id, x.from, x.to, $2 FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "from" date, "to" date)
     ON CONFLICT (tenant_id, schedule_id, period_from) DO NOTHING`,
    [JSON.stringify(due), new Date(now)],
  );
  return added.rowCount ?? 0;
}

/**
 * Claims due runs of enabled schedules in a committed transaction: 'sending' with a lease of
 * `leaseMs` (a sender that dies leaves the run due again after it), SKIP LOCKED so instances
 * side by side take different runs. A run is claimed only while it is pending or its lease ran out.
 */
export async function claimDueRuns(db: DbSession, now: number, leaseMs: number, limit: number): Promise<ClaimedRun[]> {
  const rows = await db.query<ScheduleRow & { from: string; to: string; attempts: number }>(
    `WITH claimed AS (
       UPDATE report_runs r SET status = 'sending', next_attempt_at = $1::timestamptz + make_interval(secs => $2)
        WHERE (r.schedule_id, r.period_from) IN (
          SELECT r2.schedule_id, r2.period_from FROM report_runs r2 JOIN report_schedules s2 ON s2.id = r2.schedule_id
           WHERE r2.status IN ('pending', 'sending') AND r2.next_attempt_at <= $1 AND s2.enabled
           ORDER BY r2.next_attempt_at LIMIT $3 FOR UPDATE OF r2 SKIP LOCKED)
        RETURNING r.schedule_id, r.period_from, r.period_to, r.attempts)
     SELECT ${scheduleColumns}, to_char(c.period_from, 'YYYY-MM-DD') AS "from", to_char(c.period_to, 'YYYY-MM-DD') AS "to", c.attempts
       FROM claimed c JOIN report_schedules s ON s.id = c.schedule_id`,
    [new Date(now), leaseMs / 1000, limit],
  );
  return rows.rows.map(({ from, to, attempts, ...schedule }) => ({ schedule, period: { from, to }, attempts }));
}

/** Without an SMTP server a run waits this long between checks, keeping its attempts (as alert e-mail does). */
export const noSmtpRetryMs = 60_000;

/**
 * Writes an attempt's outcome: sent (never sent again); or pending with the notifications' backoff
 * (10 s doubling to 2 h), given up as failed after `maxAttempts`; no SMTP server defers without
 * counting. The error stays a code for the admin's schedule list.
 */
export async function recordRun(db: DbSession, run: ClaimedRun, outcome: { ok: true } | { ok: false; error: ReportRunError }, now: number, random: () => number = Math.random): Promise<void> {
  const key = [run.schedule.id, run.period.from];
  if (outcome.ok) {
    await db.query(
      `UPDATE report_runs SET status = 'sent', attempts = attempts + 1, last_attempt_at = $3, sent_at = $3, last_error = NULL, next_attempt_at = $3
        WHERE schedule_id = $1 AND period_from = $2`,
      [...key, new Date(now)],
    );
    return;
  }
  if (outcome.error === 'smtp-not-configured') {
    await db.query(`UPDATE report_runs SET status = 'pending', last_error = $3, next_attempt_at = $4 WHERE schedule_id = $1 AND period_from = $2`, [...key, outcome.error, new Date(now + noSmtpRetryMs)]);
    return;
  }
  const attempts = run.attempts + 1;
  const status = attempts >= maxAttempts ? 'failed' : 'pending';
  await db.query(
    `UPDATE report_runs SET status = $3, attempts = $4, last_attempt_at = $5, last_error = $6, next_attempt_at = $7 WHERE schedule_id = $1 AND period_from = $2`,
    [...key, status, attempts, new Date(now), outcome.error, new Date(now + (status === 'pending' ? retryDelayMs(attempts, random) : 0))],
  );
}
