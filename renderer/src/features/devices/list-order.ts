import type { Device } from '../../../../contract/api/devices.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { humanPace } from '../live/paced-signal.ts';
import { filterFleet, inOrder, liveSortKeys, sortByKeys, type DeviceSort, type ListFilter } from './device-view.ts';

export interface ListInput {
  devices: readonly Device[];
  /** searchIndex() and nameRanks() of `devices`. */
  haystacks: readonly string[];
  ranks: Uint32Array;
  filter: ListFilter;
  sort: DeviceSort;
}

const noKeys = new Float64Array(0);

/**
 * Live status codes per device index (255: not in the store), what a status filter depends on.
 * Read from the store's typed arrays: no strings, no objects.
 */
export function liveStatusCodes(devices: readonly Device[], store: FleetStore): Uint8Array {
  const codes = new Uint8Array(devices.length);
  for (let i = 0; i < devices.length; i++) {
    const slot = store.indexOf(devices[i]?.id ?? '');
    codes[i] = slot < 0 ? 255 : (store.status[slot] ?? 255);
  }
  return codes;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The vehicle list's rows (indices into `devices`, filtered and sorted) kept true as live data
 * arrives (at a human pace, humanPace()), as an external store for useSyncExternalStore: `rows`
 * keeps its identity, and its subscribers hear nothing, unless the order or the set of rows
 * really changed.
 *
 * Sorted by name and not filtered by status, live data never moves a row: an update costs nothing
 * here. Sorted by a live column, an update re-reads that column's keys (the values as shown, see
 * liveSortKeys); when none changed, or the rows are still in order under the new keys (an O(n)
 * check), nothing happens; otherwise the rows are sorted again. Filtered by status, the list is
 * filtered again only when a vehicle's status changed.
 */
export class ListOrder {
  rows: number[];
  private keys: Float64Array = noKeys;
  private statuses: Uint8Array | null = null;
  private layout: number;
  private readonly store: FleetStore;
  private readonly input: ListInput;

  constructor(store: FleetStore, input: ListInput) {
    this.store = store;
    this.input = input;
    this.layout = store.layoutVersion;
    this.rows = this.compute();
  }

  /** Re-reads the store after live updates; true when `rows` changed. */
  refresh(): boolean {
    const { devices, ranks, sort } = this.input;
    // The store took a new fleet (it is fed after the list rendered the new device list): every
    // slot may have moved.
    if (this.store.layoutVersion !== this.layout) return this.replace(this.compute());
    if (this.statuses && !sameArray(this.statuses, liveStatusCodes(devices, this.store))) return this.replace(this.compute());
    if (sort.key === 'name') return false;
    const keys = liveSortKeys(devices, this.store, sort.key);
    if (sameArray(keys, this.keys)) return false;
    this.keys = keys;
    if (inOrder(this.rows, keys, ranks, sort)) return false;
    return this.replace(sortByKeys([...this.rows], keys, ranks, sort));
  }

  subscribe = (listener: () => void): (() => void) => {
    const off = humanPace(this.store).subscribe(() => {
      if (this.refresh()) listener();
    });
    // Updates between this order's render and its subscription: React compares `rows` right after.
    this.refresh();
    return off;
  };

  getRows = (): number[] => this.rows;

  private compute(): number[] {
    const { devices, haystacks, ranks, filter, sort } = this.input;
    this.layout = this.store.layoutVersion;
    this.statuses = filter.status === null ? null : liveStatusCodes(devices, this.store);
    this.keys = sort.key === 'name' ? noKeys : liveSortKeys(devices, this.store, sort.key);
    return sortByKeys(filterFleet(devices, haystacks, this.store, filter), this.keys, ranks, sort);
  }

  private replace(rows: number[]): boolean {
    if (sameArray(rows, this.rows)) return false;
    this.rows = rows;
    return true;
  }
}
