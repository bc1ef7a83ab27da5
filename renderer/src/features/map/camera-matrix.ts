import type { Map as MapLibreMap } from 'maplibre-gl';
import { fromMercator } from '../live/mercator.ts';

/** Screen position (CSS px from the map's top left) of a longitude/latitude: MapLibre's `map.project`. */
export type Project = (lngLat: [number, number]) => { x: number; y: number };

/** A step in mercator units to sample the projection's slope with (any size works: it is affine). */
const step = 1e-3;

/**
 * Writes into `out` the column-major 4×4 matrix that takes a mercator position relative to
 * `origin` to clip space of a `width`×`height` canvas over the map, as the map draws it now.
 *
 * The console's map has no pitch (MapView sets maxPitch 0), so mercator → screen is affine: it is
 * read off three projected points, which carries the map's zoom, bearing and padding exactly as
 * `map.project` (and so the label overlay and hit-testing) sees them. Everything is in double
 * precision relative to the origin near the fleet, so vehicles do not jitter at street zoom once
 * the matrix is handed to the GPU as float32.
 */
export function mercatorToClip(out: Float32Array, project: Project, origin: readonly [number, number], width: number, height: number): Float32Array {
  const [ox, oy] = origin;
  const p0 = project(fromMercator(ox, oy));
  const px = project(fromMercator(ox + step, oy));
  const py = project(fromMercator(ox, oy + step));
  // Screen px per mercator unit, then px → clip (x right, y up; 2 / size per px).
  const sx = 2 / width;
  const sy = -2 / height;
  out.fill(0);
  out[0] = ((px.x - p0.x) / step) * sx;
  out[1] = ((px.y - p0.y) / step) * sy;
  out[4] = ((py.x - p0.x) / step) * sx;
  out[5] = ((py.y - p0.y) / step) * sy;
  out[10] = 1;
  out[12] = p0.x * sx - 1;
  out[13] = p0.y * sy + 1;
  out[15] = 1;
  return out;
}

/** Sizes a canvas laid over the map to the map's canvas, in device pixels; this also clears it. */
export function fitCanvasToMap(canvas: HTMLCanvasElement, map: Pick<MapLibreMap, 'getCanvas'>): void {
  const { clientWidth, clientHeight } = map.getCanvas();
  canvas.width = Math.round(clientWidth * devicePixelRatio);
  canvas.height = Math.round(clientHeight * devicePixelRatio);
  canvas.style.width = `${clientWidth}px`;
  canvas.style.height = `${clientHeight}px`;
}
