import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

export type InboxSort = 'newest' | 'oldest' | 'severity' | 'vehicle';

const rank = { critical: 0, warning: 1, info: 2 } as const;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The inbox order: newest first by default; ties broken by id so the order never jumps.
 *
 * Runs on every change of a 5,000-alert inbox, so comparisons are plain code-unit comparisons of
 * the ISO times and ids (a burst of alerts shares one time; `localeCompare` on every tie made a
 * sort cost hundreds of milliseconds), and vehicle names are looked up and ranked once per sort,
 * not once per comparison.
 */
export function sortAlerts(items: readonly ConsoleAlert[], sort: InboxSort, vehicleName: (deviceId: string) => string): ConsoleAlert[] {
  const list = [...items];
  switch (sort) {
    case 'newest':
      return list.sort(newestFirst);
    case 'oldest':
      return list.sort((a, b) => newestFirst(b, a));
    case 'severity':
      return list.sort((a, b) => rank[a.severity] - rank[b.severity] || newestFirst(a, b));
    case 'vehicle': {
      const names = [...new Set(list.map((a) => a.deviceId))].map((id) => ({ id, name: vehicleName(id) })).sort((x, y) => collator.compare(x.name, y.name));
      const order = new Map(names.map((entry, k) => [entry.id, k]));
      return list.sort((a, b) => (order.get(a.deviceId) ?? 0) - (order.get(b.deviceId) ?? 0) || newestFirst(a, b));
    }
  }
}

/** Newest first, ties by id: the engine lists alerts in this order, so sorting its list is one pass. */
export function newestFirst(a: ConsoleAlert, b: ConsoleAlert): number {
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
