import type { FleetStore } from '../live/fleet-store.ts';

export interface Cluster {
  /** Mercator centroid of the members: where the marker is drawn. */
  x: number;
  y: number;
  count: number;
  /** Members per status code (moving, idle, stopped, offline, unknown). */
  byStatus: [number, number, number, number, number];
  alerting: number;
  /** Mercator bounds of the members (a click frames them). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Clustering {
  clusters: Cluster[];
  /** 1 where a vehicle is drawn as part of a cluster instead of on its own. */
  hidden: Uint8Array;
  /** Index into `clusters` of the cluster each vehicle is in, or -1. */
  memberOf: Int32Array;
}

/** Screen radius of a cluster marker with `count` members (the donut the overlay draws). */
export function clusterRadius(count: number): number {
  return Math.min(34, 14 + Math.log2(count) * 3);
}

/** Half the size of a lone vehicle's marker at clustering zooms (the GL layer draws ≤ 13 px). */
const vehiclePx = 8;
/** Free space kept between two markers. */
const gapPx = 4;
/** First, vehicles are summed into squares this size (world pixels): the items that then merge. */
const binPx = 24;
const maxRadius = clusterRadius(Number.MAX_SAFE_INTEGER);

const markerRadius = (count: number) => (count > 1 ? clusterRadius(count) : vehiclePx);

/**
 * Clusters the fleet for zoom `zoom` so that no two markers overlap on screen, each drawn at its
 * members' centroid (docs/decisions/0060-clusters-at-their-members.md).
 *
 * Vehicles are summed into small world-pixel squares; the squares, largest first, then absorb
 * every neighbour whose marker would overlap theirs (markers grow with their count, and a merged
 * marker moves to the weighted centroid), pass after pass until a pass finds no overlap. A lone
 * vehicle stays a vehicle unless its marker touches another.
 *
 * The pass works in world pixels at `floor(zoom)` over the whole fleet, not the view: panning
 * cannot change it, zooming within one level cannot either (distances on screen only grow, so
 * markers that were apart stay apart), and the same input gives the same clusters. Cost is linear
 * in the fleet plus the squares' neighbours: a few milliseconds at 10,000 vehicles, run at most
 * once a second (VehicleLayer).
 */
export function clusterFleet(store: FleetStore, zoom: number, now: number): Clustering {
  const n = store.count;
  const hidden = new Uint8Array(n);
  const memberOf = new Int32Array(n).fill(-1);
  const scale = 512 * 2 ** Math.floor(zoom);

  // 1. Sum the vehicles into bins.
  const binOf = new Int32Array(n).fill(-1);
  const binIndex = new Map<number, number>();
  const items: Item[] = [];
  for (let i = 0; i < n; i++) {
    // Vehicles the list's filter keeps off the map are in no cluster either.
    if (!store.located[i] || !store.onMap[i]) continue;
    const [mx, my] = store.positionAt(i, now);
    const x = mx * scale;
    const y = my * scale;
    const key = Math.floor(x / binPx) * 67_108_864 + Math.floor(y / binPx);
    let b = binIndex.get(key);
    if (b === undefined) {
      b = items.length;
      binIndex.set(key, b);
      items.push({ key, sx: 0, sy: 0, x: 0, y: 0, count: 0, byStatus: [0, 0, 0, 0, 0], alerting: 0, minX: mx, minY: my, maxX: mx, maxY: my, into: -1 });
    }
    const item = items[b];
    if (!item) continue;
    binOf[i] = b;
    item.sx += x;
    item.sy += y;
    item.count++;
    item.byStatus[(store.status[i] ?? 4) as 0 | 1 | 2 | 3 | 4]++;
    item.alerting += store.alerting[i] ?? 0;
    if (mx < item.minX) item.minX = mx;
    if (my < item.minY) item.minY = my;
    if (mx > item.maxX) item.maxX = mx;
    if (my > item.maxY) item.maxY = my;
  }
  for (const item of items) {
    item.x = item.sx / item.count;
    item.y = item.sy / item.count;
  }

  // 2. Merge overlapping markers, the fullest bins first (ties by position: deterministic).
  const order = items.map((_, k) => k).sort((a, b) => (items[b]?.count ?? 0) - (items[a]?.count ?? 0) || (items[a]?.key ?? 0) - (items[b]?.key ?? 0));
  mergeOverlaps(items, order);

  // 3. Each vehicle follows its bin into the item that absorbed it.
  const clusterOf = new Int32Array(items.length).fill(-1);
  const clusters: Cluster[] = [];
  for (const k of order) {
    const item = items[k];
    if (!item || item.into >= 0 || item.count < 2) continue;
    clusterOf[k] = clusters.length;
    clusters.push({ x: item.x / scale, y: item.y / scale, count: item.count, byStatus: item.byStatus, alerting: item.alerting, minX: item.minX, minY: item.minY, maxX: item.maxX, maxY: item.maxY });
  }
  if (clusters.length === 0) return { clusters, hidden, memberOf };
  for (let i = 0; i < n; i++) {
    const b = binOf[i] ?? -1;
    if (b < 0) continue;
    const c = clusterOf[root(items, b)] ?? -1;
    if (c < 0) continue;
    hidden[i] = 1;
    memberOf[i] = c;
  }
  return { clusters, hidden, memberOf };
}

interface Item {
  key: number;
  /** Sums of world-pixel positions (bins only), then the centroid in world pixels. */
  sx: number;
  sy: number;
  x: number;
  y: number;
  count: number;
  byStatus: [number, number, number, number, number];
  alerting: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The item this one was merged into, or -1 while it stands on its own. */
  into: number;
}

/**
 * Passes over the standing items in `order`; each absorbs the neighbours its marker overlaps.
 * A pass looks neighbours up in a hash of squares as wide as the two largest markers, built from
 * the positions at the start of the pass; the last pass merges nothing, so its check is exact.
 */
function mergeOverlaps(items: Item[], order: readonly number[]): void {
  const cell = 2 * maxRadius + gapPx;
  let standing = order.filter((k) => (items[k]?.into ?? 0) < 0);
  for (;;) {
    const grid = new Map<number, number[]>();
    const cellOf = (x: number, y: number) => Math.floor(x / cell) * 67_108_864 + Math.floor(y / cell);
    for (const k of standing) {
      const item = items[k];
      if (!item) continue;
      const key = cellOf(item.x, item.y);
      const list = grid.get(key);
      if (list) list.push(k);
      else grid.set(key, [k]);
    }
    let merged = false;
    for (const k of standing) {
      const a = items[k];
      if (!a || a.into >= 0) continue;
      const cx = Math.floor(a.x / cell);
      const cy = Math.floor(a.y / cell);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const j of grid.get((cx + dx) * 67_108_864 + cy + dy) ?? []) {
            const b = items[j];
            if (j === k || !b || b.into >= 0) continue;
            const reach = markerRadius(a.count) + markerRadius(b.count) + gapPx;
            const ddx = a.x - b.x;
            const ddy = a.y - b.y;
            if (ddx * ddx + ddy * ddy >= reach * reach) continue;
            absorb(a, b);
            b.into = k;
            merged = true;
          }
        }
      }
    }
    if (!merged) return;
    standing = standing.filter((k) => (items[k]?.into ?? 0) < 0);
  }
}

function absorb(a: Item, b: Item): void {
  const total = a.count + b.count;
  a.x = (a.x * a.count + b.x * b.count) / total;
  a.y = (a.y * a.count + b.y * b.count) / total;
  a.count = total;
  for (let s = 0; s < 5; s++) a.byStatus[s as 0] += b.byStatus[s as 0];
  a.alerting += b.alerting;
  a.minX = Math.min(a.minX, b.minX);
  a.minY = Math.min(a.minY, b.minY);
  a.maxX = Math.max(a.maxX, b.maxX);
  a.maxY = Math.max(a.maxY, b.maxY);
}

/** The standing item a merged item ended up in (path-compressed). */
function root(items: Item[], k: number): number {
  let r = k;
  while ((items[r]?.into ?? -1) >= 0) r = items[r]?.into ?? r;
  let at = k;
  while (at !== r) {
    const item = items[at];
    if (!item) break;
    at = item.into;
    item.into = r;
  }
  return r;
}
