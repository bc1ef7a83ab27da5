import type { AlertSeverity, AlertType } from '../../../../contract/api/alerts.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

export type InboxShow = 'active' | 'open' | 'all';

/** The inbox's filters; null = any. `group` 'none' = vehicles in no group; `assignee` 'none' = unassigned. */
export interface InboxFilter {
  show: InboxShow;
  severity: AlertSeverity | null;
  type: AlertType | null;
  group: string | null;
  assignee: string | null;
}

export const noInboxFilter: InboxFilter = { show: 'active', severity: null, type: null, group: null, assignee: null };

/** Alerts that pass every filter; `groupOf` maps a vehicle to its group id (null: no group). */
export function filterInbox(items: readonly ConsoleAlert[], f: InboxFilter, groupOf: (deviceId: string) => string | null): ConsoleAlert[] {
  return items.filter((a) =>
    (f.show === 'all' || (f.show === 'open' ? a.status === 'open' : a.status !== 'resolved'))
    && (f.severity === null || a.severity === f.severity)
    && (f.type === null || a.type === f.type)
    && (f.group === null || (groupOf(a.deviceId) ?? 'none') === f.group)
    && (f.assignee === null || (a.assignee?.id ?? 'none') === f.assignee));
}

/** The people alerts are assigned to, for the assignee filter: from the alerts themselves (works offline). */
export function assigneeOptions(items: readonly ConsoleAlert[]): { id: string; name: string }[] {
  const people = new Map<string, string>();
  for (const a of items) if (a.assignee) people.set(a.assignee.id, a.assignee.displayName);
  return [...people].map(([id, name]) => ({ id, name })).sort((x, y) => x.name.localeCompare(y.name));
}

/** Alert types present in the list, so the type filter offers only what can match. */
export const typeOptions = (items: readonly ConsoleAlert[]): AlertType[] => [...new Set(items.map((a) => a.type))].sort();
