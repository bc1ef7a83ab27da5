import type { RoadIndex } from './road-index.ts';

/** Swedish default limits (km/h) where a road carries no maxspeed tag. */
const defaultKmh: Record<string, number> = {
  motorway: 110, motorway_link: 60, trunk: 80, trunk_link: 50, primary: 50, primary_link: 40, secondary: 50, secondary_link: 40,
  tertiary: 50, tertiary_link: 40, unclassified: 40, residential: 30, living_street: 7, road: 40, service: 20,
};

/** A point farther than this from every routable road is off the network: no drive figures. */
const snapM = 150;
/** Searches stop after an hour of driving: nobody dispatches a vehicle that far by this list. */
const maxSeconds = 3600;

export interface Drive {
  distanceM: number;
  timeS: number;
}

/**
 * Shortest drives over the routable roads (free-flow time at the posted limit, else the class's
 * default). One Dijkstra from the destination over reversed edges answers every vehicle at once
 * (multi-target: it stops when all of them are settled).
 */
export class RoadRouter {
  readonly #roads: RoadIndex;
  /** Incoming edges per node (CSR): the edge from inFrom[k] to this node. */
  readonly #inStart: Int32Array;
  readonly #inFrom: Int32Array;
  readonly #inSeconds: Float64Array;
  readonly #inMetres: Float32Array;

  constructor(roads: RoadIndex) {
    this.#roads = roads;
    const { ways } = roads.file;
    const edges: number[] = [];
    for (let s = 0; s < roads.segmentCount; s++) {
      const way = (roads.segWay[s] ?? 0);
      if (ways.routable[way] !== 1) continue;
      edges.push(s);
    }
    const nodeCount = roads.nodeX.length;
    const counts = new Int32Array(nodeCount + 1);
    const each = (visit: (from: number, to: number, seconds: number, metres: number) => void) => {
      for (const s of edges) {
        const way = (roads.segWay[s] ?? 0);
        const a = (roads.segA[s] ?? 0), b = (roads.segB[s] ?? 0);
        const metres = Math.hypot((roads.nodeX[b] ?? 0) - (roads.nodeX[a] ?? 0), (roads.nodeY[b] ?? 0) - (roads.nodeY[a] ?? 0));
        const kmh = (ways.maxspeed[way] ?? 0) || (defaultKmh[roads.file.classes[(ways.cls[way] ?? 0)] ?? ''] ?? 40);
        const seconds = metres / (kmh / 3.6);
        visit(a, b, seconds, metres);
        if (ways.oneway[way] !== 1) visit(b, a, seconds, metres);
      }
    };
    each((_from, to) => {
      counts[to + 1] = (counts[to + 1] ?? 0) + 1;
    });
    for (let i = 0; i < nodeCount; i++) counts[i + 1] = (counts[i + 1] ?? 0) + (counts[i] ?? 0);
    this.#inStart = counts;
    const total = counts[nodeCount] ?? 0;
    this.#inFrom = new Int32Array(total);
    this.#inSeconds = new Float64Array(total);
    this.#inMetres = new Float32Array(total);
    const fill = counts.slice(0, nodeCount);
    each((from, to, seconds, metres) => {
      const k = fill[to] ?? 0;
      fill[to] = k + 1;
      this.#inFrom[k] = from;
      this.#inSeconds[k] = seconds;
      this.#inMetres[k] = metres;
    });
  }

  /** The routable node a point joins the network at, and how far off the network it is. */
  #snap(latitude: number, longitude: number): { node: number; offM: number } | null {
    const hit = this.#roads.nearest(latitude, longitude, snapM, 'routable');
    if (!hit) return null;
    const node = hit.t < 0.5 ? (this.#roads.segA[hit.segment] ?? 0) : (this.#roads.segB[hit.segment] ?? 0);
    const x = this.#roads.projection.x(longitude), y = this.#roads.projection.y(latitude);
    return { node, offM: Math.hypot((this.#roads.nodeX[node] ?? 0) - x, (this.#roads.nodeY[node] ?? 0) - y) };
  }

  /** Drive from each origin to the destination; null where either end is off the network or no route joins them. */
  drivesTo(destination: { latitude: number; longitude: number }, origins: readonly { latitude: number; longitude: number }[]): (Drive | null)[] {
    const answers: (Drive | null)[] = origins.map(() => null);
    const target = this.#snap(destination.latitude, destination.longitude);
    if (!target) return answers;
    const wanted = new Map<number, { index: number; offM: number }[]>();
    origins.forEach((o, index) => {
      const snapped = this.#snap(o.latitude, o.longitude);
      if (!snapped) return;
      const list = wanted.get(snapped.node) ?? [];
      list.push({ index, offM: snapped.offM });
      wanted.set(snapped.node, list);
    });
    let remaining = wanted.size;
    if (remaining === 0) return answers;

    const n = this.#roads.nodeX.length;
    const seconds = new Float64Array(n).fill(Infinity);
    const metres = new Float64Array(n);
    const done = new Uint8Array(n);
    seconds[target.node] = 0;
    const heap = new MinHeap();
    heap.push(target.node, 0);
    // Getting on and off the network counts at a crawl (10 km/h): car parks, yards.
    const offSeconds = (m: number) => m / (10 / 3.6);
    while (heap.size > 0 && remaining > 0) {
      const { node, cost } = heap.pop();
      if (done[node] === 1) continue;
      done[node] = 1;
      if (cost > maxSeconds) break;
      const hits = wanted.get(node);
      if (hits) {
        remaining--;
        for (const h of hits) {
          answers[h.index] = { distanceM: Math.round((metres[node] ?? 0) + h.offM + target.offM), timeS: Math.round(cost + offSeconds(h.offM + target.offM)) };
        }
      }
      for (let k = (this.#inStart[node] ?? 0); k < (this.#inStart[node + 1] ?? 0); k++) {
        const from = (this.#inFrom[k] ?? 0);
        const next = cost + (this.#inSeconds[k] ?? 0);
        if (next < (seconds[from] ?? 0)) {
          seconds[from] = next;
          metres[from] = (metres[node] ?? 0) + (this.#inMetres[k] ?? 0);
          heap.push(from, next);
        }
      }
    }
    return answers;
  }
}

/** Binary min-heap of (node, cost) with lazy deletion (stale entries are skipped by the caller). */
class MinHeap {
  #nodes: number[] = [];
  #costs: number[] = [];
  get size(): number {
    return this.#nodes.length;
  }
  push(node: number, cost: number): void {
    const nodes = this.#nodes, costs = this.#costs;
    let i = nodes.length;
    nodes.push(node);
    costs.push(cost);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((costs[parent] ?? 0) <= cost) break;
      nodes[i] = (nodes[parent] ?? 0);
      costs[i] = (costs[parent] ?? 0);
      i = parent;
    }
    nodes[i] = node;
    costs[i] = cost;
  }
  pop(): { node: number; cost: number } {
    const nodes = this.#nodes, costs = this.#costs;
    const top = { node: (nodes[0] ?? 0), cost: (costs[0] ?? 0) };
    const lastNode = nodes.pop() ?? 0;
    const lastCost = costs.pop() ?? 0;
    const n = nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && (costs[r] ?? 0) < (costs[l] ?? 0) ? r : l;
        if ((costs[child] ?? 0) >= lastCost) break;
        nodes[i] = (nodes[child] ?? 0);
        costs[i] = (costs[child] ?? 0);
        i = child;
      }
      nodes[i] = lastNode;
      costs[i] = lastCost;
    }
    return top;
  }
}
