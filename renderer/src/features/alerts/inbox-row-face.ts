import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

/**
 * Whether two copies of an alert draw the same inbox row: the fields `InboxRow` shows (its
 * severity, whether it is resolved, escalation, message and what words it, count, place, age and
 * assignee) are equal. Open and acknowledged rows look the same (only a resolved one is dimmed),
 * and the "waiting to send" mark is passed to the row on its own: the engine's queued copy of an
 * acknowledged alert (status, who and when, version, pendingActions) then re-renders no row in
 * view — the key press already drew its mark (decision 0510).
 *
 * `details` and `address` compare by identity: a change sent field by field keeps the held
 * objects (inbox-store.ts, applyFieldChanges); a copy read again brings new ones and redraws the
 * row, which is what it did before.
 */
export function sameRowFace(a: ConsoleAlert, b: ConsoleAlert): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.deviceId === b.deviceId &&
      a.type === b.type &&
      a.severity === b.severity &&
      (a.status === 'resolved') === (b.status === 'resolved') &&
      a.message === b.message &&
      a.details === b.details &&
      a.occurrences === b.occurrences &&
      a.escalatedAt === b.escalatedAt &&
      a.openedAt === b.openedAt &&
      a.address === b.address &&
      a.assignee?.id === b.assignee?.id &&
      a.assignee?.displayName === b.assignee?.displayName)
  );
}
