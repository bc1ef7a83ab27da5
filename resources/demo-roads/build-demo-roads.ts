/**
 * Builds the simulator's routing graph of Gothenburg from the OpenStreetMap highway network that
 * geojson-path-finder@2.1.0 ships as test data (16 MB, a devDependency): only roads a car may
 * use, split into edges at junctions, oneway directions resolved, reduced to the largest strongly
 * connected part (so every route has an answer), coordinates as 1e-6° integer deltas.
 * Run: node resources/demo-roads/build-demo-roads.ts   (output is committed; rerun only to change it)
 * Format: simulator/road-graph.ts (RoadGraphFile). © OpenStreetMap contributors, ODbL.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Feature {
  properties: Record<string, string | undefined>;
  geometry: { type: string; coordinates: unknown };
}

const here = import.meta.dirname;
const source = join(here, '../../node_modules/geojson-path-finder/test/large-network.json');
const output = join(here, 'gothenburg-graph.json');

/** Road classes a delivery van or taxi uses, in the order the file's class index refers to. */
const classes = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'road', 'service',
] as const;
const closed = new Set(['no', 'private']);
// Parking aisles and driveways are dead ends that make routes look silly.
const skippedService = new Set(['parking_aisle', 'driveway', 'drive-through', 'emergency_access']);

function drivable(p: Record<string, string | undefined>): boolean {
  const highway = p.highway ?? '';
  if (!(classes as readonly string[]).includes(highway)) return false;
  if (p.area === 'yes') return false;
  if (closed.has(p.access ?? '') || closed.has(p.motor_vehicle ?? '') || closed.has(p.motorcar ?? '') || closed.has(p.vehicle ?? '')) return false;
  return !(highway === 'service' && skippedService.has(p.service ?? ''));
}

/** 1: forward only, -1: backward only, 0: both ways (OSM oneway rules incl. implied ones). */
function direction(p: Record<string, string | undefined>): 1 | -1 | 0 {
  const oneway = p.oneway;
  if (oneway === '-1' || oneway === 'reverse') return -1;
  if (oneway === 'yes' || oneway === 'true' || oneway === '1') return 1;
  if (oneway === 'no') return 0;
  return p.highway === 'motorway' || p.junction === 'roundabout' || p.junction === 'circular' ? 1 : 0;
}

const key = (c: number[]) => `${Math.round((c[0] ?? 0) * 1e6)},${Math.round((c[1] ?? 0) * 1e6)}`;

const network = JSON.parse(await readFile(source, 'utf8')) as { features: Feature[] };
const ways = network.features.filter((f) => f.geometry.type === 'LineString' && drivable(f.properties));

// A vertex is a graph node where ways meet (shared coordinate) or a way ends.
const uses = new Map<string, number>();
for (const way of ways) {
  const coords = way.geometry.coordinates as number[][];
  coords.forEach((c, i) => uses.set(key(c), (uses.get(key(c)) ?? 0) + (i === 0 || i === coords.length - 1 ? 2 : 1)));
}

interface RawEdge { from: number; to: number; cls: number; maxspeed: number; oneway: boolean; name: string; shape: string[] }
const nodeIndex = new Map<string, number>();
const nodeKeys: string[] = [];
const nodeOf = (k: string) => {
  let index = nodeIndex.get(k);
  if (index === undefined) {
    index = nodeKeys.length;
    nodeIndex.set(k, index);
    nodeKeys.push(k);
  }
  return index;
};
const raw: RawEdge[] = [];
for (const way of ways) {
  const p = way.properties;
  const dir = direction(p);
  let coords = (way.geometry.coordinates as number[][]).map(key);
  if (dir === -1) coords = coords.reverse();
  const maxspeed = Number.parseInt(p.maxspeed ?? '', 10);
  let start = 0;
  for (let i = 1; i < coords.length; i++) {
    const k = coords[i] ?? '';
    if (i < coords.length - 1 && (uses.get(k) ?? 0) < 2) continue;
    const from = nodeOf(coords[start] ?? '');
    const to = nodeOf(k);
    if (from !== to) {
      raw.push({
        from, to, cls: classes.indexOf(p.highway as (typeof classes)[number]), maxspeed: Number.isFinite(maxspeed) ? maxspeed : 0,
        oneway: dir !== 0, name: p.name ?? '', shape: coords.slice(start + 1, i),
      });
    }
    start = i;
  }
}

// Largest strongly connected component (iterative Tarjan): from any kept node every other is reachable.
const out: number[][] = nodeKeys.map(() => []);
for (const e of raw) {
  out[e.from]?.push(e.to);
  if (!e.oneway) out[e.to]?.push(e.from);
}
const index = new Int32Array(nodeKeys.length).fill(-1);
const low = new Int32Array(nodeKeys.length);
const onStack = new Uint8Array(nodeKeys.length);
const stack: number[] = [];
let counter = 0;
let best: number[] = [];
for (let root = 0; root < nodeKeys.length; root++) {
  if (index[root] !== -1) continue;
  const work: [number, number][] = [[root, 0]];
  index[root] = low[root] = counter++;
  stack.push(root);
  onStack[root] = 1;
  while (work.length > 0) {
    const frame = work[work.length - 1] as [number, number];
    const [v, i] = frame;
    const next = out[v]?.[i];
    if (next !== undefined) {
      frame[1] = i + 1;
      if (index[next] === -1) {
        index[next] = low[next] = counter++;
        stack.push(next);
        onStack[next] = 1;
        work.push([next, 0]);
      } else if (onStack[next]) low[v] = Math.min(low[v] ?? 0, index[next] ?? 0);
      continue;
    }
    work.pop();
    const parent = work[work.length - 1];
    if (parent) low[parent[0]] = Math.min(low[parent[0]] ?? 0, low[v] ?? 0);
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop() ?? v;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      if (component.length > best.length) best = component;
    }
  }
}

const keep = new Set(best);
const kept = raw.filter((e) => keep.has(e.from) && keep.has(e.to));
const renumber = new Map<number, number>();
const nodes: number[] = [];
let lastX = 0;
let lastY = 0;
const delta = (k: string, into: number[], base: [number, number]) => {
  const [x, y] = k.split(',').map(Number) as [number, number];
  into.push(x - base[0], y - base[1]);
  base[0] = x;
  base[1] = y;
};
for (const old of best.sort((a, b) => a - b)) {
  renumber.set(old, renumber.size);
  const base: [number, number] = [lastX, lastY];
  delta(nodeKeys[old] ?? '', nodes, base);
  [lastX, lastY] = base;
}
const names: string[] = [];
const nameIndex = new Map<string, number>();
const edges = kept.map((e) => {
  let n = -1;
  if (e.name) {
    n = nameIndex.get(e.name) ?? names.length;
    if (n === names.length) {
      names.push(e.name);
      nameIndex.set(e.name, n);
    }
  }
  const shape: number[] = [];
  const base = nodeKeys[e.from]?.split(',').map(Number) as [number, number];
  for (const k of e.shape) delta(k, shape, base);
  return [renumber.get(e.from), renumber.get(e.to), e.cls, e.maxspeed, e.oneway ? 1 : 0, n, shape];
});

const file = {
  attribution: '© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)',
  source: 'geojson-path-finder@2.1.0 test/large-network.json',
  format: 'nodes: [dx, dy, …] 1e-6° deltas; edges: [from, to, classIndex, maxspeedKmh (0 = untagged), oneway, nameIndex (-1 = none), shape deltas from `from`]',
  classes,
  names,
  nodes,
  edges,
};
await writeFile(output, JSON.stringify(file));
console.log(`${ways.length} drivable ways → ${best.length} nodes, ${edges.length} edges (of ${raw.length}) in the largest strongly connected part → ${output}`);
