import type { Alert } from '../../../contract/api/alerts.ts';
import type { PendingAction } from '../cache/alerts-store.ts';

/**
 * Whether an action still means the same on the alert as the server holds it now. A 409 only
 * says the version moved; a repeat of the condition (more occurrences) moves it too, and
 * refusing an offline acknowledgement because the vehicle sped once more would be wrong. A
 * real conflict is another person's decision: already acknowledged or resolved, or assigned to
 * someone other than whom the person saw.
 */
export function stillApplies(action: PendingAction, server: Alert): boolean {
  switch (action.action) {
    case 'acknowledge':
      return server.status === 'open';
    case 'resolve':
      return server.status !== 'resolved';
    case 'assign':
      return server.status !== 'resolved' && (server.assignee?.id ?? null) === (action.baseAssigneeId ?? null);
    case 'note':
      return true;
  }
}
