/**
 * Natural Earth (public domain) from world-atlas@2.0.2's TopoJSON: land polygons and country
 * borders as GeoJSON, at the 1:110m, 1:50m or 1:10m scale.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature, MultiLineString, MultiPolygon, Position } from 'geojson';

export type Scale = '110m' | '50m' | '10m';
export type Bbox = [number, number, number, number];

type Arc = [number, number][];
interface TopoGeometry {
  type: string;
  arcs?: number[][] | number[][][];
}
interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: Arc[];
  objects: Record<string, { type: 'GeometryCollection'; geometries: TopoGeometry[] }>;
}

const atlas = join(import.meta.dirname, '../../../node_modules/world-atlas');
const round = (n: number) => Math.round(n * 1e5) / 1e5;

function decodeArcs(topology: Topology): Position[][] {
  const { scale, translate } = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [round(x * scale[0] + translate[0]), round(y * scale[1] + translate[1])];
    });
  });
}

function ring(arcs: Position[][], indices: number[]): Position[] {
  const points: Position[] = [];
  for (const index of indices) {
    const arc = index < 0 ? [...(arcs[~index] ?? [])].reverse() : (arcs[index] ?? []);
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return acrossAntimeridian(points);
}

/**
 * TopoJSON from world-atlas is spherical: a line crossing the antimeridian (Chukotka, Fiji)
 * jumps from +180 to −180 between two points. Drawn flat, that jump is a line across the whole
 * world that turns land into water along it. Longitudes are made continuous instead (the tiler
 * wraps what lies beyond ±180); a ring around a pole (Antarctica) is closed along the map's
 * bottom edge rather than across the world.
 */
export function acrossAntimeridian(points: Position[]): Position[] {
  const out: Position[] = [];
  let offset = 0;
  points.forEach(([lon = 0, lat = 0], i) => {
    const previous = points[i - 1]?.[0];
    if (previous !== undefined && lon - previous > 180) offset -= 360;
    else if (previous !== undefined && previous - lon > 180) offset += 360;
    out.push([lon + offset, lat]);
  });
  if (offset === 0) return out;
  // A ring that winds once around a pole: detour via the pole at each jump.
  const polar: Position[] = [];
  points.forEach(([lon = 0, lat = 0], i) => {
    const previous = points[i - 1];
    if (previous && Math.abs(lon - (previous[0] ?? 0)) > 180) {
      const poleLat = lat < 0 ? -85.0511 : 85.0511;
      polar.push([previous[0] ?? 0, poleLat], [lon, poleLat]);
    }
    polar.push([lon, lat]);
  });
  return polar;
}

/** Twice the signed area in lon/lat: positive when the ring runs counter-clockwise. */
function signedArea(points: Position[]): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) sum += ((points[j]?.[0] ?? 0) - (points[i]?.[0] ?? 0)) * ((points[j]?.[1] ?? 0) + (points[i]?.[1] ?? 0));
  return sum;
}

/**
 * Outer rings counter-clockwise, holes clockwise (RFC 7946). Vector tiles tell polygons from
 * holes by winding alone, and Natural Earth's TopoJSON follows the opposite, spherical, rule:
 * left as is, some land would be drawn as holes in other land.
 */
function rewind(polygon: Position[][]): Position[][] {
  return polygon.map((r, i) => ((signedArea(r) > 0) === (i === 0) ? r : [...r].reverse()));
}

function polygons(arcs: Position[][], geometry: TopoGeometry): Position[][][] {
  if (geometry.type === 'Polygon') return [rewind((geometry.arcs as number[][]).map((r) => ring(arcs, r)))];
  if (geometry.type === 'MultiPolygon') return (geometry.arcs as number[][][]).map((p) => rewind(p.map((r) => ring(arcs, r))));
  return [];
}

/** Arcs used by two different countries are borders; arcs used once are coastline. */
function borderArcs(topology: Topology): number[] {
  const uses = new Map<number, number>();
  const visit = (value: unknown): void => {
    if (typeof value === 'number') {
      const arc = value < 0 ? ~value : value;
      uses.set(arc, (uses.get(arc) ?? 0) + 1);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const geometry of topology.objects.countries?.geometries ?? []) visit(geometry.arcs);
  return [...uses].filter(([, n]) => n > 1).map(([arc]) => arc);
}

const touches = (points: Position[], box: Bbox) => {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x = 0, y = 0] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return x0 <= box[2] && x1 >= box[0] && y0 <= box[3] && y1 >= box[1];
};

async function topology(name: string): Promise<Topology> {
  return JSON.parse(await readFile(join(atlas, name), 'utf8')) as Topology;
}

/** Land polygons at `scale`; with `within`, only those whose outline reaches that box. */
export async function land(scale: Scale, within?: Bbox): Promise<Feature<MultiPolygon>> {
  const topo = await topology(`land-${scale}.json`);
  const arcs = decodeArcs(topo);
  let all = (topo.objects.land?.geometries ?? []).flatMap((g) => polygons(arcs, g));
  if (within) all = all.filter((p) => touches(p[0] ?? [], within));
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: all } };
}

/** Country borders (not coastlines) at `scale`. */
export async function borders(scale: Scale, within?: Bbox): Promise<Feature<MultiLineString>> {
  const topo = await topology(`countries-${scale}.json`);
  const arcs = decodeArcs(topo);
  let lines = borderArcs(topo).map((i) => arcs[i] ?? []);
  if (within) lines = lines.filter((l) => touches(l, within));
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } };
}
