import type { Alert } from '../../contract/api/alerts.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { alertsByIds, assignableAlertRoles, type AlertAction, type ActionOutcome, type AlertRefusal } from './alerts-repository.ts';

/** One action of a bulk request; alert ids are unique within a request (the route checks). */
export interface BulkAction {
  alertId: string;
  expectedVersion: number | undefined;
  action: AlertAction;
}

type Kind = AlertAction['kind'];

/** What each kind changes; `$2` is the acting user, `i` the alert's verdict row (its assignee). */
const setClause: Record<Kind, string> = {
  acknowledge: "status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()",
  resolve: "status = 'resolved', resolved_by = $2, resolved_at = now()",
  assign: 'assignee_id = i.assignee_id',
  note: 'assignee_id = a.assignee_id',
};

/**
 * One statement for all actions of one kind, with the single-alert rules decided per alert in
 * SQL: the rows are locked (FOR UPDATE, so a concurrent dispatcher waits and is then seen), each
 * alert gets a verdict (missing, stale version, already resolved or acknowledged, assignee who
 * may not handle it), the accepted ones are updated and their notes inserted, and the verdicts
 * come back. The verdict order mirrors actOnAlert's checks, so both paths refuse alike.
 */
function statementFor(kind: Kind): string {
  const finalCheck = kind === 'note' ? '' : "WHEN l.status = 'resolved' THEN 'alert-resolved'";
  const ackCheck = kind === 'acknowledge' ? "WHEN l.status = 'acknowledged' THEN 'alert-acknowledged'" : '';
  const assigneeCheck = kind === 'assign'
    ? `WHEN i.assignee_id IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM memberships m
          WHERE m.user_id = i.assignee_id AND m.role = ANY ($6::text[])
            AND (auth_membership_groups(m.user_id, m.tenant_id) IS NULL OR l.group_id = ANY (auth_membership_groups(m.user_id, m.tenant_id)))) THEN 'assignee-invalid'`
    : '';
  return `
    WITH input AS (
      SELECT * FROM unnest($1::uuid[], $3::int[], $4::uuid[], $5::text[]) AS i(alert_id, expected_version, assignee_id, note)
    ), locked AS (
      SELECT a.id, a.status, a.version, d.group_id
        FROM alerts a JOIN devices d ON d.id = a.device_id
       WHERE a.id = ANY ($1::uuid[])
         FOR UPDATE OF a
    ), verdict AS (
      SELECT i.alert_id, i.assignee_id, i.note, l.version,
             CASE WHEN l.id IS NULL THEN 'not-found'
                  WHEN i.expected_version IS NOT NULL AND i.expected_version <> l.version THEN 'edited-elsewhere'
                  ${finalCheck} ${ackCheck} ${assigneeCheck}
             END AS refusal
        FROM input i LEFT JOIN locked l ON l.id = i.alert_id
    ), updated AS (
      UPDATE alerts a SET ${setClause[kind]}, version = a.version + 1, changed_xid = pg_current_xact_id()
        FROM verdict i
       WHERE a.id = i.alert_id AND i.refusal IS NULL
      RETURNING a.id
    ), notes AS (
      INSERT INTO alert_notes (tenant_id, alert_id, author_id, text)
      SELECT app_current_tenant(), v.alert_id, $2, v.note FROM verdict v WHERE v.refusal IS NULL AND v.note IS NOT NULL AND v.note <> ''
    )
    SELECT alert_id, refusal, version FROM verdict`;
}

const noteOf = (a: AlertAction) => (a.kind === 'note' ? a.text : a.kind === 'acknowledge' || a.kind === 'resolve' ? (a.note ?? null) : null);

const refusalOf = (code: string, version: number): { reason: 'conflict' | 'invalid'; why: AlertRefusal; message: string } => {
  switch (code) {
    case 'edited-elsewhere': return { reason: 'conflict', why: { reason: 'edited-elsewhere', params: { currentVersion: version } }, message: `The alert changed since you saw it (now version ${version}).` };
    case 'alert-resolved': return { reason: 'conflict', why: { reason: 'alert-resolved' }, message: 'The alert is already resolved.' };
    case 'alert-acknowledged': return { reason: 'conflict', why: { reason: 'alert-acknowledged' }, message: 'The alert is already acknowledged.' };
    default: return { reason: 'invalid', why: { reason: 'assignee-invalid' }, message: 'assigneeId is not a member who handles alerts and sees this vehicle' };
  }
};

/**
 * Applies many actions as one statement per kind (at most four) plus one read of the results,
 * instead of a lock, a check, an update and a read per alert (500 acknowledgements: 5 statements,
 * not about 2,000). Outcomes come back in the order of `actions`; a refusal never rolls back the others.
 */
export async function actOnAlertsInBulk(db: DbSession, userId: string, actions: readonly BulkAction[]): Promise<ActionOutcome[]> {
  const verdicts = new Map<string, { refusal: string | null; version: number }>();
  for (const kind of new Set(actions.map((a) => a.action.kind))) {
    const ofKind = actions.filter((a) => a.action.kind === kind);
    const params: unknown[] = [
      ofKind.map((a) => a.alertId),
      userId,
      ofKind.map((a) => a.expectedVersion ?? null),
      ofKind.map((a) => (a.action.kind === 'assign' ? a.action.assigneeId : null)),
      ofKind.map((a) => noteOf(a.action)),
    ];
    // Only the assignee check reads the roles that handle alerts ($6).
    if (kind === 'assign') params.push(assignableAlertRoles);
    const rows = await db.query<{ alert_id: string; refusal: string | null; version: number | null }>(statementFor(kind), params);
    for (const r of rows.rows) verdicts.set(r.alert_id, { refusal: r.refusal, version: r.version ?? 0 });
  }
  const alerts = new Map<string, Alert>((await alertsByIds(db, actions.map((a) => a.alertId))).map((a) => [a.id, a]));
  return actions.map(({ alertId }): ActionOutcome => {
    const verdict = verdicts.get(alertId);
    const current = alerts.get(alertId);
    if (!verdict || verdict.refusal === 'not-found' || !current) return { ok: false, reason: 'not_found' };
    if (verdict.refusal === null) return { ok: true, alert: current };
    return { ok: false, ...refusalOf(verdict.refusal, verdict.version), current };
  });
}
