import type { Alert, BulkAlertAction, BulkAlertOutcome } from '../../../contract/api/alerts.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { PendingAction } from '../cache/alerts-store.ts';
import { stillApplies } from './replay-actions.ts';

export interface BulkReplayHandlers {
  /** One POST /api/alerts/bulk; throws when the request as a whole fails (network, token). */
  sendBulk(actions: BulkAlertAction[]): Promise<BulkAlertOutcome[]>;
  /** Actions the server accepted, with the alerts it returned (one call per answer, so the cache commits once). */
  completed(done: { action: PendingAction; alert: Alert }[]): void;
  /** The server refused the action for good; `server` is its current alert when it sent one (a conflict). */
  rejected(action: PendingAction, server: Alert | null): void;
}

/** The server takes at most this many actions per request. */
export const bulkLimit = 1000;

/** Codes that mean the whole request will never succeed: its actions are dropped rather than retried. */
const finalRefusals = new Set(['forbidden', 'invalid-input']);

const toBulk = (action: PendingAction, expectedVersion: number): BulkAlertAction => {
  switch (action.action) {
    case 'acknowledge':
    case 'resolve':
      return { alertId: action.alertId, action: action.action, expectedVersion, ...(action.note ? { note: action.note } : {}) };
    case 'assign':
      return { alertId: action.alertId, action: 'assign', expectedVersion, assigneeId: action.assigneeId ?? null };
    case 'note':
      return { alertId: action.alertId, action: 'note', text: action.note ?? '' };
  }
};

/**
 * Sends queued actions in bulk: 500 offline acknowledgements reach the server in one request.
 * Each wave holds at most one action per alert (in the order taken), so acknowledge-then-resolve
 * of one alert chains on the version the first returned. A conflict whose alert still admits the
 * action (only a repeat moved the version) is sent once more on the server's version; any other
 * refusal is final for that alert only, and drops its later actions. A failed request stops the
 * replay with everything not yet answered still queued.
 */
export async function replayActionsInBulk(actions: readonly PendingAction[], handlers: BulkReplayHandlers): Promise<void> {
  const versions = new Map<string, number>();
  const refused = new Set<string>();
  let queue = [...actions];
  while (queue.length > 0) {
    const wave: PendingAction[] = [];
    const later: PendingAction[] = [];
    const inWave = new Set<string>();
    for (const action of queue) {
      if (refused.has(action.alertId)) continue;
      if (inWave.has(action.alertId)) later.push(action);
      else {
        inWave.add(action.alertId);
        wave.push(action);
      }
    }
    for (let i = 0; i < wave.length; i += bulkLimit) await sendWave(wave.slice(i, i + bulkLimit), versions, refused, handlers);
    queue = later;
  }
}

async function sendWave(wave: PendingAction[], versions: Map<string, number>, refused: Set<string>, handlers: BulkReplayHandlers): Promise<void> {
  const send = async (items: [PendingAction, number][]) => {
    try {
      return await handlers.sendBulk(items.map(([action, version]) => toBulk(action, version)));
    } catch (error) {
      if (!(error instanceof BridgeError && finalRefusals.has(error.code))) throw error;
      for (const [action] of items) {
        refused.add(action.alertId);
        handlers.rejected(action, null);
      }
      return null;
    }
  };
  const first = await send(wave.map((a) => [a, versions.get(a.alertId) ?? a.baseVersion]));
  if (!first) return;
  const again: [PendingAction, number][] = [];
  const done: { action: PendingAction; alert: Alert }[] = [];
  const settle = (action: PendingAction, outcome: BulkAlertOutcome | undefined, mayRetry: boolean) => {
    if (outcome?.ok) {
      versions.set(action.alertId, outcome.alert.version);
      done.push({ action, alert: outcome.alert });
      return;
    }
    const server = outcome?.current ?? null;
    if (mayRetry && outcome?.status === 409 && server && stillApplies(action, server)) {
      again.push([action, server.version]);
      return;
    }
    refused.add(action.alertId);
    handlers.rejected(action, server);
  };
  wave.forEach((action, k) => settle(action, first[k], true));
  handlers.completed(done.splice(0));
  if (again.length === 0) return;
  const retried = again.splice(0);
  const second = await send(retried);
  if (!second) return;
  retried.forEach(([action], k) => settle(action, second[k], false));
  handlers.completed(done.splice(0));
}
