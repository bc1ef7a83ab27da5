import type { AlertType } from '../../../../contract/api/alerts.ts';
import type { AlertFieldChanges, ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { newestFirst } from './inbox-sort.ts';
import { applyChanges, type AlertChange } from './sorted-alerts.ts';

/** The inbox holds at most this many (the bridge's limit for one list): the newest. */
export const inboxCapacity = 5000;

/** What one change of the store did; `first` is the first load (its alerts are the backlog, not news). */
export interface InboxBatch {
  changes: readonly AlertChange[];
  first: boolean;
}

export interface AssigneeOption {
  id: string;
  name: string;
}

/** Counts per key, telling whether a key appeared or vanished (the only changes a list of options sees). */
class Tally<K> {
  readonly counts = new Map<K, number>();
  /** Set when a key appeared or vanished; cleared by whoever rebuilds what depends on the keys. */
  keysChanged = true;

  add(key: K, delta: 1 | -1): void {
    const n = (this.counts.get(key) ?? 0) + delta;
    if (n === 0) this.counts.delete(key);
    else this.counts.set(key, n);
    if (n === 0 || (n === 1 && delta === 1)) this.keysChanged = true;
  }
}

/**
 * The workspace's alerts in the renderer (decision 0350): by id, newest first, with what the
 * screens show about all of them — the open count (the tab's badge), the alert types and
 * assignees present (the filters' options), the vehicles with unresolved alerts (the map's ring)
 * — kept as counters that each change adjusts. A bulk action on 500 alerts therefore costs work
 * in proportion to the 500, never a pass over the 5,000. Fed by the alerts feed (the full list
 * from the engine once, then the alerts each `onAlertsChanged` names); listeners get each batch
 * of changes, so views (inbox-view.ts) can follow them the same way.
 */
export class AlertInboxStore {
  private byId = new Map<string, ConsoleAlert>();
  private order: readonly ConsoleAlert[] = [];
  private readonly statuses = new Tally<ConsoleAlert['status']>();
  private readonly types = new Tally<AlertType>();
  private readonly assignees = new Tally<string>();
  private readonly assigneeNames = new Map<string, string>();
  private readonly unresolvedByDevice = new Tally<string>();
  private typeList: readonly AlertType[] = [];
  private assigneeList: readonly AssigneeOption[] = [];
  private listeners = new Set<(batch: InboxBatch) => void>();
  /** False until the first full list arrived. */
  loaded = false;
  /** Bumps with every batch. */
  version = 0;

  private readonly capacity: number;

  constructor(capacity = inboxCapacity) {
    this.capacity = capacity;
  }

  get(id: string): ConsoleAlert | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Every alert held, newest first (a new array after each batch that changed it). */
  newestFirst(): readonly ConsoleAlert[] {
    return this.order;
  }

  /** Open alerts (the tab's badge). */
  get openCount(): number {
    return this.statuses.counts.get('open') ?? 0;
  }

  /** The alert types present, sorted: the same array until a type appears or vanishes. */
  typeOptions(): readonly AlertType[] {
    if (this.types.keysChanged) {
      this.types.keysChanged = false;
      this.typeList = [...this.types.counts.keys()].sort();
    }
    return this.typeList;
  }

  /** The people alerts are assigned to, by name: the same array until one appears, vanishes or is renamed. */
  assigneeOptions(): readonly AssigneeOption[] {
    if (this.assignees.keysChanged) {
      this.assignees.keysChanged = false;
      this.assigneeList = [...this.assignees.counts.keys()].map((id) => ({ id, name: this.assigneeNames.get(id) ?? '' })).sort((x, y) => x.name.localeCompare(y.name));
    }
    return this.assigneeList;
  }

  /** Vehicles with an alert that is not resolved. */
  alertingDevices(): Iterable<string> {
    return this.unresolvedByDevice.counts.keys();
  }

  /** Whether the alerting vehicles may have changed since the last call (true once at the start). */
  takeAlertingChanged(): boolean {
    const changed = this.unresolvedByDevice.keysChanged;
    this.unresolvedByDevice.keysChanged = false;
    return changed;
  }

  /** Called with every batch, synchronously, after the store has applied it. */
  subscribe(listener: (batch: InboxBatch) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The engine's whole list (first load, or read again): what differs from the held alerts is the batch. */
  replaceAll(items: readonly ConsoleAlert[]): void {
    const fresh = new Map(items.map((a) => [a.id, a]));
    const changes: AlertChange[] = [];
    for (const [id, before] of this.byId) if (!fresh.has(id)) changes.push({ before, after: undefined });
    for (const [id, after] of fresh) {
      const before = this.byId.get(id);
      if (before !== after) changes.push({ before, after });
    }
    const first = !this.loaded;
    this.loaded = true;
    this.apply(changes, first);
  }

  /**
   * The alerts an `onAlertsChanged` named, as the engine now has them: `fresh` replaces the
   * alerts of the same id, new ones join, and an asked id the engine no longer has leaves.
   */
  patch(asked: readonly string[], fresh: readonly ConsoleAlert[]): void {
    const changes: AlertChange[] = [];
    const byId = new Map(fresh.map((a) => [a.id, a]));
    for (const [id, after] of byId) {
      const before = this.byId.get(id);
      if (before !== after) changes.push({ before, after });
    }
    for (const id of new Set(asked)) {
      const before = byId.has(id) ? undefined : this.byId.get(id);
      if (before) changes.push({ before, after: undefined });
    }
    this.apply(changes, false);
  }

  /**
   * Field changes the engine sent with `onAlertsChanged` (decision 0380), applied to the alerts
   * held, in order: the new copy is the held one with the changed fields. Alerts not held (beyond
   * the newest 5,000, or before the first load, which will bring them) are left alone.
   */
  applyFieldChanges(groups: readonly AlertFieldChanges[]): void {
    if (!this.loaded) return;
    const touched = new Map<string, AlertChange>();
    for (const { ids, set } of groups) {
      for (const id of ids) {
        const held = touched.get(id);
        const current = held ? held.after : this.byId.get(id);
        if (!current) continue;
        const after = { ...current, ...set };
        if (held) held.after = after;
        else touched.set(id, { before: current, after });
      }
    }
    this.apply([...touched.values()], false);
  }

  private apply(changes: AlertChange[], first: boolean): void {
    for (const { before, after } of changes) {
      // The new copy counted before the old one leaves, so a key both hold never reads as vanished.
      if (after) this.count(after, 1);
      if (before) this.count(before, -1);
      if (after) this.byId.set(after.id, after);
      else if (before) this.byId.delete(before.id);
    }
    let order = applyChanges(this.order, changes, () => true, newestFirst) ?? [...this.byId.values()].sort(newestFirst);
    if (order.length > this.capacity) {
      // The oldest leave (as a patch of the engine's newest-first list always did).
      for (const before of order.slice(this.capacity)) {
        this.count(before, -1);
        this.byId.delete(before.id);
        changes.push({ before, after: undefined });
      }
      order = order.slice(0, this.capacity);
    }
    this.order = order;
    if (changes.length === 0 && !first) return;
    this.version++;
    const batch = { changes, first };
    for (const listener of [...this.listeners]) listener(batch);
  }

  private count(alert: ConsoleAlert, delta: 1 | -1): void {
    this.statuses.add(alert.status, delta);
    this.types.add(alert.type, delta);
    if (alert.assignee) {
      this.assignees.add(alert.assignee.id, delta);
      if (delta === 1 && this.assigneeNames.get(alert.assignee.id) !== alert.assignee.displayName) {
        this.assigneeNames.set(alert.assignee.id, alert.assignee.displayName);
        this.assignees.keysChanged = true;
      }
    }
    if (alert.status !== 'resolved') this.unresolvedByDevice.add(alert.deviceId, delta);
  }
}
