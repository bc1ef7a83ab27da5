import type { AlertList, ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { newestFirst } from './inbox-sort.ts';

/** The inbox holds at most this many (the bridge's limit for one list). */
export const inboxCapacity = 5000;

/**
 * The list with the alerts an `onAlertsChanged` named brought up to date: `fresh` replaces the
 * alerts of the same id, new ones join newest first, and an asked id the engine no longer has
 * leaves. Untouched alerts keep their objects, so rows that did not change do not re-render.
 */
export function patchAlertList(list: AlertList, asked: readonly string[], fresh: readonly ConsoleAlert[]): AlertList {
  const byId = new Map(fresh.map((a) => [a.id, a]));
  const gone = new Set(asked.filter((id) => !byId.has(id)));
  const items: ConsoleAlert[] = [];
  for (const alert of list.items) {
    if (gone.has(alert.id)) continue;
    const next = byId.get(alert.id);
    items.push(next ?? alert);
    if (next) byId.delete(alert.id);
  }
  if (byId.size === 0) return { ...list, items };
  // New alerts: merged in newest first (the list's order), then cut to the inbox's capacity.
  const added = [...byId.values()];
  // The inbox's own order, so the list stays sorted as the engine gave it.
  const all = [...added, ...items].sort(newestFirst);
  return { ...list, items: all.slice(0, inboxCapacity) };
}
