import type { BulkAlertAction, BulkAlertOutcome } from '../../../../contract/api/alerts.ts';
import { actOnAlertsInBulk } from '../../../alerts/alert-actions-bulk.ts';
import type { AlertAction } from '../../../alerts/alerts-repository.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { appendEvents } from '../../../stream/stream-log.ts';

const toAction = (a: BulkAlertAction): AlertAction =>
  a.action === 'assign' ? { kind: 'assign', assigneeId: a.assigneeId }
  : a.action === 'note' ? { kind: 'note', text: a.text }
  : { kind: a.action, note: a.note };

/**
 * Applies the actions set-based (server/alerts/alert-actions-bulk.ts: one statement per action
 * kind, each alert checked in SQL like a single action), in the caller's transaction, and tells
 * other consoles about every change in one stream append at the end. A refusal is an outcome,
 * not an exception, so it never rolls back the others.
 */
export async function actOnAlerts(db: DbSession, auth: RequestAuth, actions: readonly BulkAlertAction[]): Promise<BulkAlertOutcome[]> {
  const outcomes = await actOnAlertsInBulk(db, auth.userId, actions.map((a) => ({ alertId: a.alertId, expectedVersion: a.expectedVersion, action: toAction(a) })));
  const results = outcomes.map((outcome, k): BulkAlertOutcome => {
    const alertId = actions[k]?.alertId ?? '';
    if (outcome.ok) return { alertId, ok: true, alert: outcome.alert };
    if (outcome.reason === 'not_found') return { alertId, ok: false, status: 404, reason: 'not-found', params: { kind: 'alert' }, message: 'There is no such alert.' };
    return { alertId, ok: false, status: outcome.reason === 'conflict' ? 409 : 400, ...outcome.why, message: outcome.message, current: outcome.current };
  });
  const changed = results.flatMap((r) => (r.ok ? [{ type: 'alert' as const, alert: r.alert }] : []));
  await appendEvents(db, auth.tenantId, changed);
  return results;
}
