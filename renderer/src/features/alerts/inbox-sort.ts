import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

export type InboxSort = 'newest' | 'oldest' | 'severity' | 'vehicle';

const rank = { critical: 0, warning: 1, info: 2 } as const;
const newestFirst = (a: ConsoleAlert, b: ConsoleAlert) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.id.localeCompare(b.id));

/** The inbox order: newest first by default; ties broken by id so the order never jumps. */
export function sortAlerts(items: readonly ConsoleAlert[], sort: InboxSort, vehicleName: (deviceId: string) => string): ConsoleAlert[] {
  const list = [...items];
  switch (sort) {
    case 'newest':
      return list.sort(newestFirst);
    case 'oldest':
      return list.sort((a, b) => newestFirst(b, a));
    case 'severity':
      return list.sort((a, b) => rank[a.severity] - rank[b.severity] || newestFirst(a, b));
    case 'vehicle':
      return list.sort((a, b) => vehicleName(a.deviceId).localeCompare(vehicleName(b.deviceId)) || newestFirst(a, b));
  }
}
