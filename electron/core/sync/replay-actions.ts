import type { Alert } from '../../../contract/api/alerts.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { PendingAction } from '../cache/alerts-store.ts';

export interface ReplayHandlers {
  send(action: PendingAction, expectedVersion: number): Promise<Alert>;
  completed(action: PendingAction, alert: Alert): void;
  /** The server refused the action for good (409 conflict, 403, 404 …). */
  rejected(action: PendingAction, error: unknown): void;
}

/** Codes that mean "this will never succeed": drop the action rather than retry forever. */
const finalRefusals = new Set(['conflict', 'forbidden', 'not-found', 'invalid-input']);

/**
 * Sends queued actions in the order they were taken. Two actions on one alert (acknowledge,
 * then resolve) chain: the second uses the version the server returned for the first. A network
 * failure stops the replay with the rest still queued; a refusal drops that alert's actions.
 */
export async function replayActions(actions: PendingAction[], handlers: ReplayHandlers): Promise<void> {
  const versions = new Map<string, number>();
  const refused = new Set<string>();
  for (const action of actions) {
    if (refused.has(action.alertId)) continue;
    try {
      const alert = await handlers.send(action, versions.get(action.alertId) ?? action.baseVersion);
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
