/**
 * Built-up areas derived from road density: the OSM network has no land-use polygons, but in
 * towns the ways (streets, footways, service roads) are dense. Road length is summed per grid
 * cell of about 110 × 120 m; a cell is built-up when it carries enough road, or when most of its
 * neighbours do (which fills parks-sized holes and rounds the edges). Rows of cells become
 * rectangles, so the polygons are few and the archive stays small.
 */
import type { Feature, Polygon, Position } from 'geojson';

const cellLat = 0.001;
const cellLon = 0.002;
/** Metres of way per cell: ~20 km of road per km², a typical threshold for urban fabric. */
const minMetres = 280;

function metres(a: Position, b: Position): number {
  const [x0 = 0, y0 = 0] = a;
  const [x1 = 0, y1 = 0] = b;
  const dx = (x1 - x0) * 111_320 * Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const dy = (y1 - y0) * 110_570;
  return Math.hypot(dx, dy);
}

export function builtUpAreas(lines: Position[][]): Feature<Polygon>[] {
  const density = new Map<string, number>();
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1] ?? [0, 0];
      const b = line[i] ?? [0, 0];
      const cx = Math.floor(((a[0] ?? 0) + (b[0] ?? 0)) / 2 / cellLon);
      const cy = Math.floor(((a[1] ?? 0) + (b[1] ?? 0)) / 2 / cellLat);
      density.set(`${cx},${cy}`, (density.get(`${cx},${cy}`) ?? 0) + metres(a, b));
      [minX, minY, maxX, maxY] = [Math.min(minX, cx), Math.min(minY, cy), Math.max(maxX, cx), Math.max(maxY, cy)];
    }
  }
  const dense = (x: number, y: number) => (density.get(`${x},${y}`) ?? 0) >= minMetres;
  const built = (x: number, y: number) => {
    let neighbours = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx || dy) && dense(x + dx, y + dy)) neighbours++;
    // A lone dense cell (a big junction in the forest) is not a town; a hole amid town is.
    return dense(x, y) ? neighbours >= 2 : neighbours >= 5;
  };
  const out: Feature<Polygon>[] = [];
  for (let y = minY; y <= maxY; y++) {
    let runStart: number | null = null;
    for (let x = minX; x <= maxX + 1; x++) {
      const on = x <= maxX && built(x, y);
      if (on && runStart === null) runStart = x;
      if (!on && runStart !== null) {
        const [x0, x1, y0, y1] = [runStart * cellLon, x * cellLon, y * cellLat, (y + 1) * cellLat].map((v) => Math.round(v * 1e5) / 1e5) as [number, number, number, number];
        out.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } });
        runStart = null;
      }
    }
  }
  return out;
}
