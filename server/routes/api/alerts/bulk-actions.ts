import type { BulkAlertAction, BulkAlertOutcome } from '../../../../contract/api/alerts.ts';
import { actOnAlert, type AlertAction } from '../../../alerts/alerts-repository.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import type { RequestAuth } from '../../../plugins/app/authenticate.ts';
import { appendEvents } from '../../../stream/stream-log.ts';

const toAction = (a: BulkAlertAction): AlertAction =>
  a.action === 'assign' ? { kind: 'assign', assigneeId: a.assigneeId }
  : a.action === 'note' ? { kind: 'note', text: a.text }
  : { kind: a.action, note: a.note };

/**
 * Applies each action with the single-alert rules (row lock, expected version), in the caller's
 * transaction, and tells other consoles about every change in one stream append at the end.
 * A refusal is an outcome, not an exception, so it never rolls back the others.
 */
export async function actOnAlerts(db: DbSession, auth: RequestAuth, actions: readonly BulkAlertAction[]): Promise<BulkAlertOutcome[]> {
  const results: BulkAlertOutcome[] = [];
  for (const action of actions) {
    const outcome = await actOnAlert(db, action.alertId, auth.userId, action.expectedVersion, toAction(action));
    if (outcome.ok) results.push({ alertId: action.alertId, ok: true, alert: outcome.alert });
    else if (outcome.reason === 'not_found') results.push({ alertId: action.alertId, ok: false, status: 404, reason: 'not-found', params: { kind: 'alert' }, message: 'There is no such alert.' });
    else results.push({ alertId: action.alertId, ok: false, status: outcome.reason === 'conflict' ? 409 : 400, ...outcome.why, message: outcome.message, current: outcome.current });
  }
  const changed = results.flatMap((r) => (r.ok ? [{ type: 'alert' as const, alert: r.alert }] : []));
  await appendEvents(db, auth.tenantId, changed);
  return results;
}
