import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { inboxFilterTest, type InboxFilter } from './inbox-filter.ts';
import { inboxOrder, vehicleRanks, type AlertOrder, type InboxSort } from './inbox-sort.ts';
import type { AlertInboxStore, InboxBatch } from './inbox-store.ts';
import { applyChanges, lowerBound } from './sorted-alerts.ts';

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

/**
 * The inbox's rows for one filter and sort, kept in step with the store batch by batch: an
 * acknowledgement that leaves an alert where it was replaces it in place, one that moves it or
 * takes it out of the filter costs a binary search and a splice. Built once per filter or sort
 * (one pass over the store's newest-first list; only the vehicle order sorts).
 */
export class InboxView {
  rows: readonly ConsoleAlert[] = [];
  private readonly store: AlertInboxStore;
  private readonly sort: InboxSort;
  private readonly vehicleName: (deviceId: string) => string;
  private readonly includes: (alert: ConsoleAlert) => boolean;
  private order: AlertOrder;
  private ranks = new Map<string, number>();
  /** The store version the rows reflect. */
  private seen = -1;

  constructor(store: AlertInboxStore, filter: InboxFilter, sort: InboxSort, groupOf: (deviceId: string) => string | null, vehicleName: (deviceId: string) => string) {
    this.store = store;
    this.sort = sort;
    this.vehicleName = vehicleName;
    this.includes = inboxFilterTest(filter, groupOf);
    this.order = inboxOrder(sort, this.ranks);
    this.rebuild();
  }

  /** The rows, current with the store (rebuilt if batches went by unseen, e.g. before React subscribed). */
  current(): readonly ConsoleAlert[] {
    if (this.seen !== this.store.version) this.rebuild();
    return this.rows;
  }

  /** Follows one batch of the store; true when the rows changed. */
  follow(batch: InboxBatch): boolean {
    if (this.seen !== this.store.version - 1) {
      this.rebuild();
      return true;
    }
    this.seen = this.store.version;
    // A vehicle the ranks do not know yet: the vehicle order has to rank the names again.
    const unranked = this.sort === 'vehicle' && batch.changes.some((c) => c.after && !this.ranks.has(c.after.deviceId));
    const next = unranked ? null : applyChanges(this.rows, batch.changes, this.includes, this.order);
    if (next === this.rows) return false;
    if (next) this.rows = next;
    else this.rebuild();
    return true;
  }

  /** Where the alert with this id is in the rows, or -1. */
  indexOf(id: string | null): number {
    const alert = id === null ? undefined : this.store.get(id);
    if (!alert) return -1;
    const at = lowerBound(this.rows, alert, this.order);
    return this.rows[at] === alert ? at : -1;
  }

  private rebuild(): void {
    this.seen = this.store.version;
    const newest = this.store.newestFirst();
    const rows: ConsoleAlert[] = [];
    for (const alert of newest) if (this.includes(alert)) rows.push(alert);
    switch (this.sort) {
      case 'newest':
        break;
      case 'oldest':
        rows.reverse();
        break;
      case 'severity': {
        // Newest first within each severity: three runs of the newest-first list, no sort.
        const runs: ConsoleAlert[][] = [[], [], []];
        for (const alert of rows) runs[severityRank[alert.severity]]?.push(alert);
        this.rows = runs.flat();
        return;
      }
      case 'vehicle':
        this.ranks = vehicleRanks(newest.map((a) => a.deviceId), this.vehicleName);
        this.order = inboxOrder('vehicle', this.ranks);
        rows.sort(this.order);
        break;
    }
    this.rows = rows;
  }
}
