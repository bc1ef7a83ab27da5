import type { Alert } from '../../../contract/api/alerts.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { PendingAction } from '../cache/alerts-store.ts';

export interface ReplayHandlers {
  send(action: PendingAction, expectedVersion: number): Promise<Alert>;
  completed(action: PendingAction, alert: Alert): void;
  /** The server refused the action for good (409 conflict, 403, 404 …). */
  rejected(action: PendingAction, error: unknown): void;
  /** The server's alert carried by a 409, when there is one. */
  serverAlert(error: unknown): Alert | null;
}

/** Codes that mean "this will never succeed": drop the action rather than retry forever. */
const finalRefusals = new Set(['conflict', 'forbidden', 'not-found', 'invalid-input']);

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

/**
 * Sends queued actions in the order they were taken. Two actions on one alert (acknowledge,
 * then resolve) chain: the second uses the version the server returned for the first. A 409
 * whose alert still admits the action is sent once more on the server's version; otherwise the
 * refusal is final and drops that alert's remaining actions. A network failure stops the
 * replay with the rest still queued.
 */
export async function replayActions(actions: PendingAction[], handlers: ReplayHandlers): Promise<void> {
  const versions = new Map<string, number>();
  const refused = new Set<string>();
  for (const action of actions) {
    if (refused.has(action.alertId)) continue;
    try {
      let alert: Alert;
      try {
        alert = await handlers.send(action, versions.get(action.alertId) ?? action.baseVersion);
      } catch (error) {
        const server = error instanceof BridgeError && error.code === 'conflict' ? handlers.serverAlert(error) : null;
        if (!server || !stillApplies(action, server)) throw error;
        alert = await handlers.send(action, server.version);
      }
      versions.set(action.alertId, alert.version);
      handlers.completed(action, alert);
    } catch (error) {
      if (error instanceof BridgeError && finalRefusals.has(error.code)) {
        refused.add(action.alertId);
        handlers.rejected(action, error);
        continue;
      }
      throw error;
    }
  }
}
