import { deviceStatuses, type Device, type DeviceStatus } from '../../../../contract/api/devices.ts';
import type { FleetStore } from '../live/fleet-store.ts';

export const sortKeys = ['name', 'status', 'speed', 'lastSeen'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface DeviceSort {
  key: SortKey;
  descending: boolean;
}

export interface ListFilter {
  query: string;
  status: DeviceStatus | null;
  /** A group id, 'none' for vehicles without a group, or null for all. */
  group: string | null;
}

/** Lower-cased "name plate uniqueId" per device, built once per device list (not per keystroke). */
export function searchIndex(devices: readonly Device[]): string[] {
  return devices.map((d) => `${d.name}\n${d.plate ?? ''}\n${d.uniqueId}`.toLocaleLowerCase());
}

/**
 * Each device's position in name order (the collator's), built once per device list like the
 * search index: sorting a filtered list then compares integers, so even the first keystroke on
 * 50,000 vehicles does no locale-aware string comparison (that made the cold run ≈ 56 ms).
 */
export function nameRanks(devices: readonly Device[]): Uint32Array {
  const order = devices.map((_, i) => i).sort((a, b) => collator.compare(devices[a]?.name ?? '', devices[b]?.name ?? '') || a - b);
  const ranks = new Uint32Array(devices.length);
  order.forEach((deviceIndex, rank) => {
    ranks[deviceIndex] = rank;
  });
  return ranks;
}

/**
 * Indices (into `devices`) that match the filter. Status is the live one from the store, so a
 * vehicle that starts moving leaves the "Stopped" filter without a reload. One pass, no objects:
 * ≈ 5 ms for 50,000 vehicles.
 */
export function filterFleet(devices: readonly Device[], haystacks: readonly string[], store: FleetStore, filter: ListFilter): number[] {
  const words = filter.query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < devices.length; i++) {
    const device = devices[i];
    if (!device) continue;
    if (filter.group !== null && (device.groupId ?? 'none') !== filter.group) continue;
    if (filter.status !== null && liveStatus(store, device) !== filter.status) continue;
    if (words.length > 0) {
      const haystack = haystacks[i] ?? '';
      let all = true;
      for (const word of words) {
        if (!haystack.includes(word)) {
          all = false;
          break;
        }
      }
      if (!all) continue;
    }
    out.push(i);
  }
  return out;
}

export function liveStatus(store: FleetStore, device: Device): DeviceStatus {
  const i = store.indexOf(device.id);
  return i < 0 ? device.status : store.statusOf(i);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * What a live column sorts by, per device index (a Float64Array over `devices`): the value as the
 * list shows it, not finer. Speed is whole km/h (the column shows whole units); last seen is the
 * minute of the last fix (the column reads "just now", "3 min ago"), so vehicles reporting every
 * second do not swap places every second: they tie, and ties go by name. Status is the order of
 * the status tiles. Unused (all 0) when sorted by name.
 */
export function liveSortKeys(devices: readonly Device[], store: FleetStore, key: SortKey, into = new Float64Array(devices.length)): Float64Array {
  for (let i = 0; i < devices.length; i++) {
    const s = store.indexOf(devices[i]?.id ?? '');
    switch (key) {
      case 'status':
        into[i] = s < 0 ? 9 : (store.status[s] ?? 4);
        break;
      case 'speed':
        // Vehicles without a fix have no speed: below every real speed, not tied with 0.
        into[i] = s < 0 || !store.located[s] ? -1 : Math.round(store.speed[s] ?? 0);
        break;
      case 'lastSeen':
        into[i] = s < 0 ? 0 : Math.floor((store.fixTime[s] ?? 0) / 60_000);
        break;
      default:
        into[i] = 0;
    }
  }
  return into;
}

/** Orders two device indices by their keys, then by name (`ranks` from nameRanks()). */
function comparer(keys: Float64Array, ranks: Uint32Array, sort: DeviceSort): (a: number, b: number) => number {
  const direction = sort.descending ? -1 : 1;
  const byName = (a: number, b: number) => (ranks[a] ?? 0) - (ranks[b] ?? 0);
  if (sort.key === 'name') return (a, b) => direction * byName(a, b);
  return (a, b) => direction * ((keys[a] ?? 0) - (keys[b] ?? 0)) || byName(a, b);
}

/** Sorts filtered indices in place by `keys` (from liveSortKeys() of the same sort key); ties by name. */
export function sortByKeys(indices: number[], keys: Float64Array, ranks: Uint32Array, sort: DeviceSort): number[] {
  return indices.sort(comparer(keys, ranks, sort));
}

/** Whether `indices` are still in order under (new) keys: an O(n) check that spares a sort. */
export function inOrder(indices: readonly number[], keys: Float64Array, ranks: Uint32Array, sort: DeviceSort): boolean {
  const compare = comparer(keys, ranks, sort);
  for (let k = 1; k < indices.length; k++) if (compare(indices[k - 1] ?? 0, indices[k] ?? 0) > 0) return false;
  return true;
}

/**
 * Sorts filtered indices in place by a column; ties fall back to the name so order is stable.
 * `ranks` comes from nameRanks() of the same `devices`.
 */
export function sortFleet(indices: number[], devices: readonly Device[], ranks: Uint32Array, store: FleetStore, sort: DeviceSort): number[] {
  return sortByKeys(indices, sort.key === 'name' ? new Float64Array(0) : liveSortKeys(devices, store, sort.key), ranks, sort);
}

export interface GroupOption {
  id: string;
  name: string;
  count: number;
}

export function groupOptions(devices: readonly Device[]): GroupOption[] {
  const groups = new Map<string, GroupOption>();
  for (const d of devices) {
    const id = d.groupId ?? 'none';
    const entry = groups.get(id) ?? { id, name: d.groupName ?? 'No group', count: 0 };
    entry.count++;
    groups.set(id, entry);
  }
  return [...groups.values()].sort((a, b) => (a.id === 'none' ? 1 : b.id === 'none' ? -1 : collator.compare(a.name, b.name)));
}

export type StatusCounts = Record<DeviceStatus, number>;

/** Live counts per status over the whole fleet (not the filtered list): always visible. */
export function countLive(store: FleetStore): StatusCounts {
  const counts: StatusCounts = { moving: 0, idle: 0, stopped: 0, offline: 0, unknown: 0 };
  for (let i = 0; i < store.count; i++) counts[store.statusOf(i)]++;
  return counts;
}

/**
 * countLive() as a useSyncExternalStore snapshot: the same object for as long as no count changed,
 * so a second of moving vehicles that changed no status re-renders nothing.
 */
export function liveCountsReader(store: FleetStore): () => StatusCounts {
  let last: StatusCounts | null = null;
  return () => {
    const next = countLive(store);
    if (last && deviceStatuses.every((s) => last?.[s] === next[s])) return last;
    last = next;
    return next;
  };
}
