import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import type { AlertOrder } from './inbox-sort.ts';

/** One alert as a batch changed it: absent before = new, absent after = gone. */
export interface AlertChange {
  before: ConsoleAlert | undefined;
  after: ConsoleAlert | undefined;
}

/**
 * More alerts than this entering, leaving or moving in one batch: the list is rebuilt instead
 * (each move is a binary search and an array splice; a rebuild is one filter pass and a sort).
 */
const movesBeforeRebuild = 256;

/** Where `alert` is, or would go, in `list` sorted by `order`: the first element not before it. */
export function lowerBound(list: readonly ConsoleAlert[], alert: ConsoleAlert, order: AlertOrder): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (order(list[mid] as ConsoleAlert, alert) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A sorted list of alerts with a batch of changes applied: an alert whose place in the order did
 * not change is replaced where it stands; one that enters, leaves or moves costs a binary search
 * and a splice. Returns the same list when nothing in it changed, a new one otherwise (the old one
 * is left alone: React may still be rendering it), or null when the batch moves so many alerts
 * that rebuilding the list is cheaper — or when the list does not hold an alert it should (it was
 * not built from the same alerts), which a rebuild repairs.
 */
export function applyChanges(list: readonly ConsoleAlert[], changes: readonly AlertChange[], includes: (alert: ConsoleAlert) => boolean, order: AlertOrder): readonly ConsoleAlert[] | null {
  let next: ConsoleAlert[] | null = null;
  let moves = 0;
  for (const { before, after } of changes) {
    if (before === after) continue;
    const wasIn = before !== undefined && includes(before);
    const isIn = after !== undefined && includes(after);
    if (!wasIn && !isIn) continue;
    next ??= list.slice();
    if (wasIn) {
      const at = lowerBound(next, before, order);
      if (next[at] !== before) return null;
      if (isIn && order(before, after) === 0) {
        next[at] = after;
        continue;
      }
      if (++moves > movesBeforeRebuild) return null;
      next.splice(at, 1);
    } else if (++moves > movesBeforeRebuild) return null;
    if (isIn) next.splice(lowerBound(next, after, order), 0, after);
  }
  return next ?? list;
}
