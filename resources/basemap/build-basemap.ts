/**
 * Builds the console's offline basemap from Natural Earth (world-atlas@2.0.2, public domain):
 * land polygons and country borders as GeoJSON the renderer bundles, so the map needs no network.
 * Run: node resources/basemap/build-basemap.ts   (output is committed; rerun only to change it)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

const here = import.meta.dirname;
const atlas = join(here, '../../node_modules/world-atlas');
const round = (n: number) => Math.round(n * 1e4) / 1e4;

function decodeArcs(topology: Topology): [number, number][][] {
  const { scale, translate } = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [round(x * scale[0] + translate[0]), round(y * scale[1] + translate[1])] as [number, number];
    });
  });
}

function ring(arcs: [number, number][][], indices: number[]): [number, number][] {
  const points: [number, number][] = [];
  for (const index of indices) {
    const arc = index < 0 ? [...(arcs[~index] ?? [])].reverse() : (arcs[index] ?? []);
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return points;
}

function polygons(arcs: [number, number][][], geometry: TopoGeometry): [number, number][][][] {
  if (geometry.type === 'Polygon') return [(geometry.arcs as number[][]).map((r) => ring(arcs, r))];
  if (geometry.type === 'MultiPolygon') return (geometry.arcs as number[][][]).map((p) => p.map((r) => ring(arcs, r)));
  return [];
}

/** Arcs used by two different countries are borders; arcs used once are coastline. */
function borderArcs(topology: Topology): number[] {
  const uses = new Map<number, number>();
  const visit = (value: unknown): void => {
    if (typeof value === 'number') uses.set(value < 0 ? ~value : value, (uses.get(value < 0 ? ~value : value) ?? 0) + 1);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const geometry of topology.objects.countries?.geometries ?? []) visit(geometry.arcs);
  return [...uses].filter(([, n]) => n > 1).map(([arc]) => arc);
}

async function main() {
  const land = JSON.parse(await readFile(join(atlas, 'land-50m.json'), 'utf8')) as Topology;
  const landArcs = decodeArcs(land);
  const landPolygons = (land.objects.land?.geometries ?? []).flatMap((g) => polygons(landArcs, g));
  const countries = JSON.parse(await readFile(join(atlas, 'countries-50m.json'), 'utf8')) as Topology;
  const countryArcs = decodeArcs(countries);
  const borders = borderArcs(countries).map((i) => countryArcs[i] ?? []);

  const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });
  await writeFile(
    join(here, 'land.geojson'),
    JSON.stringify(collection([{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: landPolygons } }])),
  );
  await writeFile(
    join(here, 'borders.geojson'),
    JSON.stringify(collection([{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: borders } }])),
  );
  console.log(`land: ${landPolygons.length} polygons; borders: ${borders.length} lines`);
  await buildRoads(collection);
}

/**
 * The demo area's drivable roads (Gothenburg, OpenStreetMap via geojson-path-finder@2.1.0's test
 * network, ODbL): footways and the like dropped, coordinates rounded to ~1 m, one class rank
 * kept per line (1 motorway/trunk … 4 minor) so the style can thin them out when zoomed out.
 */
async function buildRoads(collection: (features: unknown[]) => unknown) {
  const rank: Record<string, number> = {
    motorway: 1, motorway_link: 1, trunk: 1, trunk_link: 1,
    primary: 2, primary_link: 2, secondary: 2, secondary_link: 2,
    tertiary: 3, tertiary_link: 3,
    unclassified: 4, residential: 4, living_street: 4, service: 4, road: 4,
  };
  const source = join(here, '../../node_modules/geojson-path-finder/test/large-network.json');
  const network = JSON.parse(await readFile(source, 'utf8')) as {
    features: { properties: { highway?: string }; geometry: { type: string; coordinates: [number, number][] } }[];
  };
  const features = network.features
    .filter((f) => f.geometry.type === 'LineString' && rank[f.properties.highway ?? ''] !== undefined)
    .map((f) => ({
      type: 'Feature',
      properties: { r: rank[f.properties.highway ?? ''] },
      geometry: { type: 'LineString', coordinates: f.geometry.coordinates.map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]) },
    }));
  await writeFile(join(here, 'gothenburg-roads.geojson'), JSON.stringify(collection(features)));
  console.log(`roads: ${features.length} lines`);
}

await main();
