import { distanceM, type LonLat, type RoadEdge, type RoadGraph } from './road-graph.ts';

/** A straight piece of road on a route. */
export interface RouteSegment {
  a: LonLat;
  b: LonLat;
  lengthM: number;
  speedLimitKmh: number;
  roadClass: string;
  name: string | null;
}

export interface Route {
  from: number;
  to: number;
  /** Graph nodes visited, from and to included. */
  nodes: number[];
  segments: RouteSegment[];
  lengthM: number;
  /** At the speed limits, without traffic. */
  freeFlowS: number;
}

/** Binary min-heap keyed by a number: A* needs only push and pop-min. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, value: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] ?? 0) <= key) break;
      this.keys[i] = this.keys[parent] ?? 0;
      this.values[i] = this.values[parent] ?? 0;
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }
  pop(): number {
    const top = this.values[0] ?? -1;
    const lastKey = this.keys.pop() ?? 0;
    const lastValue = this.values.pop() ?? 0;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (this.keys[r] ?? 0) < (this.keys[l] ?? 0) ? r : l;
        if ((this.keys[c] ?? 0) >= lastKey) break;
        this.keys[i] = this.keys[c] ?? 0;
        this.values[i] = this.values[c] ?? 0;
        i = c;
      }
      this.keys[i] = lastKey;
      this.values[i] = lastValue;
    }
    return top;
  }
}

const secondsOn = (edge: RoadEdge) => edge.lengthM / (edge.speedLimitKmh / 3.6);

const topSpeeds = new WeakMap<RoadGraph, number>();
function topSpeedMps(graph: RoadGraph): number {
  let top = topSpeeds.get(graph);
  if (top === undefined) {
    top = 1;
    for (const edges of graph.out) for (const e of edges) top = Math.max(top, e.speedLimitKmh / 3.6);
    topSpeeds.set(graph, top);
  }
  return top;
}

/**
 * Fastest route (free-flow travel time) between two nodes: A* with a straight-line heuristic at
 * the network's top speed, which never overestimates, so the answer is optimal. Throws when the
 * target cannot be reached (cannot happen on the committed graph: it is strongly connected).
 */
export function planRoute(graph: RoadGraph, from: number, to: number): Route {
  const count = graph.nodes.length;
  if (!Number.isInteger(from) || from < 0 || from >= count) throw new Error(`route start ${from} is not a node of the road graph`);
  if (!Number.isInteger(to) || to < 0 || to >= count) throw new Error(`route end ${to} is not a node of the road graph`);
  const top = topSpeedMps(graph);
  const target = graph.nodes[to] as LonLat;
  const cost = new Float64Array(count).fill(Infinity);
  const via: (RoadEdge | undefined)[] = new Array<RoadEdge | undefined>(count);
  const done = new Uint8Array(count);
  const heap = new MinHeap();
  cost[from] = 0;
  heap.push(distanceM(graph.nodes[from] as LonLat, target) / top, from);
  while (heap.size > 0) {
    const node = heap.pop();
    if (node === to) break;
    if (done[node]) continue;
    done[node] = 1;
    for (const edge of graph.out[node] ?? []) {
      const next = (cost[node] ?? 0) + secondsOn(edge);
      if (next < (cost[edge.to] ?? Infinity)) {
        cost[edge.to] = next;
        via[edge.to] = edge;
        heap.push(next + distanceM(graph.nodes[edge.to] as LonLat, target) / top, edge.to);
      }
    }
  }
  if (from !== to && !via[to]) throw new Error(`no route from node ${from} to node ${to}`);
  const edges: RoadEdge[] = [];
  for (let n = to; n !== from; ) {
    const edge = via[n] as RoadEdge;
    edges.push(edge);
    n = edge.from;
  }
  edges.reverse();
  const segments: RouteSegment[] = [];
  for (const edge of edges) {
    for (let i = 1; i < edge.points.length; i++) {
      const a = edge.points[i - 1] as LonLat;
      const b = edge.points[i] as LonLat;
      const lengthM = distanceM(a, b);
      if (lengthM > 0) segments.push({ a, b, lengthM, speedLimitKmh: edge.speedLimitKmh, roadClass: edge.roadClass, name: edge.name });
    }
  }
  return {
    from, to, nodes: [from, ...edges.map((e) => e.to)], segments,
    lengthM: segments.reduce((sum, s) => sum + s.lengthM, 0), freeFlowS: cost[to] ?? 0,
  };
}
