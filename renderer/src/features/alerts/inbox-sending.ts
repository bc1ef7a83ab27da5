import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import type { AlertInboxStore } from './inbox-store.ts';

/**
 * The alerts an inbox action has started on, each as the inbox held it at the key press: their
 * rows show "waiting to send" from that render until the engine's copy (queued, or refused)
 * replaces the alert (decision 0480).
 */
export type Sending = ReadonlyMap<string, ConsoleAlert>;
export const noneSending: Sending = new Map();

/** The alerts an action starts on, each as the inbox holds it now (its "waiting to send" mark lasts until the engine's copy replaces it). */
export function withSending(sending: Sending, ids: readonly string[], inbox: Pick<AlertInboxStore, 'get'>): Sending {
  const next = new Map(sending);
  for (const id of ids) {
    const alert = inbox.get(id);
    if (alert) next.set(id, alert);
  }
  return next;
}

/** Without the given alerts; the same map when it held none of them. */
export function withoutSending(sending: Sending, ids: readonly string[]): Sending {
  if (!ids.some((id) => sending.has(id))) return sending;
  const next = new Map(sending);
  for (const id of ids) next.delete(id);
  return next.size === 0 ? noneSending : next;
}

/** Whether the alert's row shows "waiting to send": the engine has it queued, or an action started on this very copy. */
export function isWaiting(sending: Sending, alert: ConsoleAlert): boolean {
  return alert.pendingActions.length > 0 || sending.get(alert.id) === alert;
}
