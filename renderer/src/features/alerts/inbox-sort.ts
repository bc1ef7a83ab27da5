import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

export type InboxSort = 'newest' | 'oldest' | 'severity' | 'vehicle';

/** A total order of alerts (ties end at the id), so every alert has exactly one place in a sorted list. */
export type AlertOrder = (a: ConsoleAlert, b: ConsoleAlert) => number;

const rank = { critical: 0, warning: 1, info: 2 } as const;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The inbox order: newest first by default; ties broken by id so the order never jumps.
 *
 * Comparisons are plain code-unit comparisons of the ISO times and ids (a burst of alerts shares
 * one time; `localeCompare` on every tie made a sort of 5,000 cost hundreds of milliseconds), and
 * vehicle names are ranked once (`vehicleRanks`), not compared per comparison.
 */
export function inboxOrder(sort: InboxSort, vehicleRank: ReadonlyMap<string, number>): AlertOrder {
  switch (sort) {
    case 'newest':
      return newestFirst;
    case 'oldest':
      return (a, b) => newestFirst(b, a);
    case 'severity':
      return (a, b) => rank[a.severity] - rank[b.severity] || newestFirst(a, b);
    case 'vehicle':
      return (a, b) => (vehicleRank.get(a.deviceId) ?? 0) - (vehicleRank.get(b.deviceId) ?? 0) || newestFirst(a, b);
  }
}

/** Each vehicle's place in the order of their names as people read them (numbers by value, case ignored). */
export function vehicleRanks(deviceIds: Iterable<string>, vehicleName: (deviceId: string) => string): Map<string, number> {
  const names = [...new Set(deviceIds)].map((id) => ({ id, name: vehicleName(id) })).sort((x, y) => collator.compare(x.name, y.name));
  return new Map(names.map((entry, k) => [entry.id, k]));
}

/** The alerts in the inbox order, as a new list. */
export function sortAlerts(items: readonly ConsoleAlert[], sort: InboxSort, vehicleName: (deviceId: string) => string): ConsoleAlert[] {
  const ranks = sort === 'vehicle' ? vehicleRanks(items.map((a) => a.deviceId), vehicleName) : new Map<string, number>();
  return [...items].sort(inboxOrder(sort, ranks));
}

/** Newest first, ties by id: the engine lists alerts in this order. */
export function newestFirst(a: ConsoleAlert, b: ConsoleAlert): number {
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
