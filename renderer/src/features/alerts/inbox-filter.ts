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

/** Whether one alert passes every filter; `groupOf` maps a vehicle to its group id (null: no group). */
export function inboxFilterTest(f: InboxFilter, groupOf: (deviceId: string) => string | null): (alert: ConsoleAlert) => boolean {
  return (a) =>
    (f.show === 'all' || (f.show === 'open' ? a.status === 'open' : a.status !== 'resolved'))
    && (f.severity === null || a.severity === f.severity)
    && (f.type === null || a.type === f.type)
    && (f.group === null || (groupOf(a.deviceId) ?? 'none') === f.group)
    && (f.assignee === null || (a.assignee?.id ?? 'none') === f.assignee);
}

/** Alerts that pass every filter. */
export function filterInbox(items: readonly ConsoleAlert[], f: InboxFilter, groupOf: (deviceId: string) => string | null): ConsoleAlert[] {
  return items.filter(inboxFilterTest(f, groupOf));
}
