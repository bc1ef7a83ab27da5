import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearingLatLonDeg, distanceLatLonM } from '../contract/geo/sphere.ts';

/** The committed routing graph (resources/demo-roads/gothenburg-graph.json, built by build-demo-roads.ts). */
export interface RoadGraphFile {
  attribution: string;
  classes: string[];
  names: string[];
  /** [dx, dy, …]: 1e-6° integer deltas, lon then lat. */
  nodes: number[];
  /** [from, to, classIndex, maxspeedKmh (0 = untagged), oneway (0/1), nameIndex (-1 = none), shape deltas from `from`]. */
  edges: [number, number, number, number, number, number, number[]][];
}

export type LonLat = [lon: number, lat: number];

/** One directed way between two junctions. */
export interface RoadEdge {
  from: number;
  to: number;
  roadClass: string;
  /** Tagged limit, else the Swedish default for the class. */
  speedLimitKmh: number;
  name: string | null;
  lengthM: number;
  /** From `from` to `to`, both included. */
  points: LonLat[];
}

export interface RoadGraph {
  attribution: string;
  nodes: LonLat[];
  /** Outgoing edges per node. */
  out: RoadEdge[][];
  edgeCount: number;
}

export const demoRoadsFile = join(import.meta.dirname, '../resources/demo-roads/gothenburg-graph.json');

// Swedish defaults where OSM has no maxspeed tag (most urban streets are 50, residential often 30–40).
const defaultLimits: Record<string, number> = {
  motorway: 90, motorway_link: 60, trunk: 70, trunk_link: 50, primary: 50, primary_link: 40, secondary: 50,
  secondary_link: 40, tertiary: 50, tertiary_link: 40, unclassified: 40, residential: 30, living_street: 7, road: 40, service: 20,
};

/** Great-circle distance in metres between two [lon, lat] nodes (contract/geo). */
export function distanceM(a: LonLat, b: LonLat): number {
  return distanceLatLonM(a[1], a[0], b[1], b[0]);
}

/** Initial bearing from a to b, degrees clockwise from north in [0, 360) (contract/geo). */
export function bearingDeg(a: LonLat, b: LonLat): number {
  return bearingLatLonDeg(a[1], a[0], b[1], b[0]);
}

/** Decodes the compact file; two-way edges become a pair of directed edges. */
export function decodeRoadGraph(file: RoadGraphFile): RoadGraph {
  const nodes: LonLat[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < file.nodes.length; i += 2) {
    x += file.nodes[i] ?? 0;
    y += file.nodes[i + 1] ?? 0;
    nodes.push([x / 1e6, y / 1e6]);
  }
  const out: RoadEdge[][] = nodes.map(() => []);
  let edgeCount = 0;
  for (const [from, to, cls, maxspeed, oneway, nameIndex, shape] of file.edges) {
    const start = nodes[from];
    const end = nodes[to];
    if (!start || !end) throw new Error(`Road graph edge ${from}→${to} names a node that does not exist`);
    const points: LonLat[] = [start];
    let px = Math.round(start[0] * 1e6);
    let py = Math.round(start[1] * 1e6);
    for (let i = 0; i < shape.length; i += 2) {
      px += shape[i] ?? 0;
      py += shape[i + 1] ?? 0;
      points.push([px / 1e6, py / 1e6]);
    }
    points.push(end);
    let lengthM = 0;
    for (let i = 1; i < points.length; i++) lengthM += distanceM(points[i - 1] as LonLat, points[i] as LonLat);
    const roadClass = file.classes[cls] ?? 'road';
    const edge: RoadEdge = {
      from, to, roadClass, speedLimitKmh: maxspeed > 0 ? maxspeed : (defaultLimits[roadClass] ?? 40),
      name: nameIndex >= 0 ? (file.names[nameIndex] ?? null) : null, lengthM, points,
    };
    out[from]?.push(edge);
    edgeCount++;
    if (!oneway) {
      out[to]?.push({ ...edge, from: to, to: from, points: [...points].reverse() });
      edgeCount++;
    }
  }
  return { attribution: file.attribution, nodes, out, edgeCount };
}

let cached: RoadGraph | undefined;
/** The Gothenburg demo graph, read once per process (~0.7 MB, ~100 ms). */
export function loadDemoRoadGraph(): RoadGraph {
  cached ??= decodeRoadGraph(JSON.parse(readFileSync(demoRoadsFile, 'utf8')) as RoadGraphFile);
  return cached;
}

/** Nearest graph node by a 0.005° grid (≈ 300 × 550 m cells), widening until something is found. */
export class NodeLocator {
  private readonly cells = new Map<string, number[]>();
  private readonly graph: RoadGraph;
  constructor(graph: RoadGraph) {
    this.graph = graph;
    graph.nodes.forEach((p, i) => {
      const k = NodeLocator.cell(p[0], p[1]);
      const list = this.cells.get(k);
      if (list) list.push(i);
      else this.cells.set(k, [i]);
    });
  }

  private static cell(lon: number, lat: number, dx = 0, dy = 0): string {
    return `${Math.floor(lon / 0.005) + dx},${Math.floor(lat / 0.005) + dy}`;
  }

  nearest(point: LonLat): number {
    for (let radius = 1; radius < 64; radius *= 2) {
      let best = -1;
      let bestD = Infinity;
      for (let dx = -radius; dx <= radius; dx++) {
        for (let dy = -radius; dy <= radius; dy++) {
          for (const i of this.cells.get(NodeLocator.cell(point[0], point[1], dx, dy)) ?? []) {
            const d = distanceM(point, this.graph.nodes[i] as LonLat);
            if (d < bestD) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      if (best >= 0) return best;
    }
    throw new Error(`No road near ${point[1]}, ${point[0]}: the point is outside the demo road network`);
  }
}
