/**
 * The demo area's roads from OpenStreetMap (© OpenStreetMap contributors, ODbL), via
 * geojson-path-finder@2.1.0's test network of Gothenburg: drivable ways by class with their name,
 * ref and bridge/tunnel flag. Ways that continue each other with the same name and class are
 * merged, so a street is one long line and its name can be placed along it once per stretch
 * rather than squeezed onto every short OSM way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature, LineString, Position } from 'geojson';

export type RoadClass = 'motorway' | 'trunk' | 'primary' | 'secondary' | 'tertiary' | 'minor' | 'service' | 'pedestrian';
export interface RoadProperties {
  class: RoadClass;
  name?: string;
  ref?: string;
  brunnel?: 'bridge' | 'tunnel';
}

const classes: Record<string, RoadClass> = {
  motorway: 'motorway', motorway_link: 'motorway', trunk: 'trunk', trunk_link: 'trunk',
  primary: 'primary', primary_link: 'primary', secondary: 'secondary', secondary_link: 'secondary',
  tertiary: 'tertiary', tertiary_link: 'tertiary',
  unclassified: 'minor', residential: 'minor', living_street: 'minor', road: 'minor',
  service: 'service', pedestrian: 'pedestrian',
};

/** First zoom at which a class is in the tiles (the style may show it later). */
export const roadMinZoom: Record<RoadClass, number> = { motorway: 7, trunk: 7, primary: 8, secondary: 9, tertiary: 10, minor: 12, service: 13, pedestrian: 13 };

interface OsmWay {
  properties: Record<string, string | undefined>;
  geometry: { type: string; coordinates: unknown };
}

export async function osmNetwork(): Promise<OsmWay[]> {
  const file = join(import.meta.dirname, '../../../node_modules/geojson-path-finder/test/large-network.json');
  return (JSON.parse(await readFile(file, 'utf8')) as { features: OsmWay[] }).features;
}

const round = (p: Position): Position => [Math.round((p[0] ?? 0) * 1e5) / 1e5, Math.round((p[1] ?? 0) * 1e5) / 1e5];

export function roads(network: OsmWay[]): Feature<LineString, RoadProperties>[] {
  const ways: Feature<LineString, RoadProperties>[] = [];
  for (const way of network) {
    const tags = way.properties;
    const roadClass = classes[tags.highway ?? ''];
    if (!roadClass || way.geometry.type !== 'LineString' || tags.area === 'yes') continue;
    const properties: RoadProperties = { class: roadClass };
    if (tags.name) properties.name = tags.name;
    if (tags.ref) properties.ref = tags.ref;
    if (tags.bridge && tags.bridge !== 'no') properties.brunnel = 'bridge';
    else if (tags.tunnel && tags.tunnel !== 'no') properties.brunnel = 'tunnel';
    ways.push({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: (way.geometry.coordinates as Position[]).map(round) } });
  }
  return mergeContinuations(ways);
}

const pointKey = (p: Position | undefined) => `${p?.[0]},${p?.[1]}`;
const sameRoad = (a: RoadProperties, b: RoadProperties) => a.class === b.class && a.name === b.name && a.ref === b.ref && a.brunnel === b.brunnel;

/** Joins lines end to end while exactly one unused line of the same road continues at the end. */
export function mergeContinuations<P extends RoadProperties>(lines: Feature<LineString, P>[]): Feature<LineString, P>[] {
  const byEnd = new Map<string, number[]>();
  lines.forEach((line, i) => {
    for (const end of [line.geometry.coordinates[0], line.geometry.coordinates.at(-1)]) {
      const key = pointKey(end);
      byEnd.set(key, [...(byEnd.get(key) ?? []), i]);
    }
  });
  const used = new Uint8Array(lines.length);
  const out: Feature<LineString, P>[] = [];
  const next = (point: Position | undefined, props: P): number | null => {
    const candidates = (byEnd.get(pointKey(point)) ?? []).filter((j) => !used[j] && sameRoad(lines[j]?.properties ?? props, props));
    return candidates.length === 1 ? (candidates[0] ?? null) : null;
  };
  lines.forEach((line, i) => {
    if (used[i]) return;
    used[i] = 1;
    const points = [...line.geometry.coordinates];
    for (const forward of [true, false]) {
      for (;;) {
        const end = forward ? points.at(-1) : points[0];
        const j = next(end, line.properties);
        if (j === null) break;
        used[j] = 1;
        const other = lines[j]?.geometry.coordinates ?? [];
        const oriented = pointKey(other[0]) === pointKey(end) ? other : [...other].reverse();
        if (forward) points.push(...oriented.slice(1));
        else points.unshift(...[...oriented].reverse().slice(0, -1));
      }
    }
    out.push({ type: 'Feature', properties: line.properties, geometry: { type: 'LineString', coordinates: points } });
  });
  return out;
}
