import type { CreateReportScheduleRequest, ReportKind, ReportRun, ReportSchedule, ReportSelection } from '../../../../contract/api/report-schedules.ts';
import { currentPeriod, periodDueAt, type ReportCadence } from '../../../../contract/reports/report-periods.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';

interface ScheduleDbRow {
  id: string;
  name: string;
  report: ReportKind;
  selection: ReportSelection;
  cadence: ReportCadence;
  formats: ReportSchedule['formats'];
  recipients: string[];
  enabled: boolean;
  starts_on: string;
  version: number;
  created_at: Date;
  created_by_name: string | null;
  run_from: string | null;
  run_to: string | null;
  run_status: ReportRun['status'] | null;
  run_attempts: number | null;
  run_error: ReportRun['lastError'];
  run_last_attempt: Date | null;
  run_next: Date | null;
  run_sent: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const listSql = `SELECT s.id, s.name, s.report, s.selection, s.cadence, s.formats, s.recipients, s.enabled, to_char(s.starts_on, 'YYYY-MM-DD') AS starts_on,
       s.version, s.created_at, s.created_by_name, to_char(r.period_from, 'YYYY-MM-DD') AS run_from, to_char(r.period_to, 'YYYY-MM-DD') AS run_to,
       r.status AS run_status, r.attempts AS run_attempts, r.last_error AS run_error, r.last_attempt_at AS run_last_attempt, r.next_attempt_at AS run_next, r.sent_at AS run_sent
  FROM report_schedules s
  LEFT JOIN LATERAL (SELECT * FROM report_runs r WHERE r.schedule_id = s.id ORDER BY r.period_from DESC LIMIT 1) r ON true`;

function toSchedule(r: ScheduleDbRow, timeZone: string, now: number): ReportSchedule {
  // The next period to go out: the one in progress (the last complete one is already due or sent).
  const next = currentPeriod(r.cadence, localDay(now, timeZone));
  const lastRun: ReportRun | null = r.run_from && r.run_to && r.run_status
    ? {
        from: r.run_from, to: r.run_to, status: r.run_status, attempts: r.run_attempts ?? 0, lastError: r.run_error, lastAttemptAt: iso(r.run_last_attempt),
        nextAttemptAt: r.run_status === 'pending' || r.run_status === 'sending' ? iso(r.run_next) : null, sentAt: iso(r.run_sent),
      }
    : null;
  return {
    id: r.id, name: r.name, report: r.report, selection: r.selection, cadence: r.cadence, formats: r.formats, recipients: r.recipients, enabled: r.enabled,
    version: r.version, createdAt: r.created_at.toISOString(), createdByName: r.created_by_name, lastRun,
    next: { ...next, dueAt: new Date(periodDueAt(next, timeZone)).toISOString() },
  };
}

export async function listSchedules(db: DbSession, timeZone: string, now: number): Promise<ReportSchedule[]> {
  const rows = await db.query<ScheduleDbRow>(`${listSql} ORDER BY s.name, s.id`);
  return rows.rows.map((r) => toSchedule(r, timeZone, now));
}

export async function scheduleById(db: DbSession, id: string, timeZone: string, now: number): Promise<ReportSchedule | null> {
  const rows = await db.query<ScheduleDbRow>(`${listSql} WHERE s.id = $1`, [id]);
  const row = rows.rows[0];
  return row ? toSchedule(row, timeZone, now) : null;
}

const selectionError = (field: string, problem: string) =>
  new ApiError(400, 'invalid_input', `${field} does not fit the selection (${problem})`, { field, reason: 'report-selection-invalid', params: { problem } });

/**
 * The selection as stored: only the field its kind uses, the group or every vehicle checked to
 * exist in this account (RLS: another tenant's ids are not found). Errors name the field.
 */
export async function checkedSelection(db: DbSession, s: ReportSelection): Promise<ReportSelection> {
  if (s.kind === 'all') {
    if (s.groupId !== undefined) throw selectionError('selection.groupId', 'not-for-kind');
    if (s.deviceIds !== undefined) throw selectionError('selection.deviceIds', 'not-for-kind');
    return { kind: 'all' };
  }
  if (s.kind === 'group') {
    if (s.deviceIds !== undefined) throw selectionError('selection.deviceIds', 'not-for-kind');
    if (!s.groupId) throw selectionError('selection.groupId', 'group-required');
    const found = await db.query('SELECT 1 FROM groups WHERE id = $1', [s.groupId]);
    if (found.rowCount === 0) throw selectionError('selection.groupId', 'group-not-found');
    return { kind: 'group', groupId: s.groupId };
  }
  if (s.groupId !== undefined) throw selectionError('selection.groupId', 'not-for-kind');
  const ids = [...new Set(s.deviceIds ?? [])];
  if (ids.length === 0) throw selectionError('selection.deviceIds', 'vehicles-required');
  const found = new Set((await db.query<{ id: string }>('SELECT id FROM devices WHERE id = ANY ($1::uuid[])', [ids])).rows.map((r) => r.id));
  const missing = (s.deviceIds ?? []).findIndex((id) => !found.has(id));
  if (missing >= 0) throw selectionError(`selection.deviceIds.${missing}`, 'vehicle-not-found');
  return { kind: 'vehicles', deviceIds: ids };
}

/** Recipients once each, compared without case (the same mailbox twice would get two copies). */
export function uniqueRecipients(recipients: readonly string[]): string[] {
  const seen = new Set<string>();
  return recipients.map((r) => r.trim()).filter((r) => !seen.has(r.toLowerCase()) && seen.add(r.toLowerCase()));
}

export async function insertSchedule(db: DbSession, id: string, s: CreateReportScheduleRequest, startsOn: string, createdBy: string): Promise<void> {
  await db.query(
    `INSERT INTO report_schedules (tenant_id, id, name, report, selection, cadence, formats, recipients, enabled, starts_on, created_by, created_by_name)
     VALUES (app_current_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (SELECT display_name FROM auth_user($10)))`,
    [id, s.name, s.report, JSON.stringify(s.selection), s.cadence, s.formats, s.recipients, s.enabled, startsOn, createdBy],
  );
}

/** false when the version moved on (someone else saved first). */
export async function updateSchedule(db: DbSession, id: string, s: CreateReportScheduleRequest, expectedVersion: number): Promise<boolean> {
  const updated = await db.query(
    `UPDATE report_schedules SET name = $3, report = $4, selection = $5, cadence = $6, formats = $7, recipients = $8, enabled = $9, version = version + 1
      WHERE id = $1 AND version = $2`,
    [id, expectedVersion, s.name, s.report, JSON.stringify(s.selection), s.cadence, s.formats, s.recipients, s.enabled],
  );
  return (updated.rowCount ?? 0) > 0;
}

export async function deleteSchedule(db: DbSession, id: string): Promise<boolean> {
  return ((await db.query('DELETE FROM report_schedules WHERE id = $1', [id])).rowCount ?? 0) > 0;
}

export async function tenantName(db: DbSession): Promise<string> {
  return (await db.query<{ name: string }>('SELECT name FROM tenants WHERE id = app_current_tenant()')).rows[0]?.name ?? '';
}
