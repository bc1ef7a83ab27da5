import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator, toMercator } from '../live/mercator.ts';
import type { AreaLabel } from './area-labels.ts';
import { labelRank, type LabelRequest } from './label-placement.ts';

/**
 * Vehicle names: always from this zoom on (capped), and further out too while few enough
 * vehicles are in view for names to stay readable.
 */
export const labelMinZoom = 14.5;
/** Area (geofence) names from this zoom on: a depot's name is useful at district scale. */
export const areaLabelMinZoom = 12;
const maxLabels = 400;
const maxAreas = 200;
const fewEnough = 60;

export const vehicleFont = '600 12px system-ui, sans-serif';
export const areaFont = 'italic 500 11px system-ui, sans-serif';
/** Stroke width of the halo behind the text; the collision box includes it. */
export const haloPx = 3.5;
const vehicleBoxHeight = 12 + haloPx + 1;
const areaBoxHeight = 11 + haloPx + 1;

/** Below the marker first, above it second; further out for the selected vehicle's larger ring. */
const vehicleOffsets = [
  [0, 20],
  [0, -20],
] as const;
const selectedOffsets = [
  [0, 24],
  [0, -24],
] as const;
/** On the area's label point, or just above or below it when a vehicle or its name is there. */
const areaOffsets = [
  [0, 0],
  [0, -18],
  [0, 18],
] as const;
/** Half the size of a vehicle marker with its rings at street zoom: area names keep off it. */
export const markerHalfPx = 11;

/** Request keys: vehicles use their store slot (≥ 0), areas `areaKey(index)` (< 0). */
export const areaKey = (index: number) => -1 - index;
export const areaIndex = (key: number) => -1 - key;

/** Measured text widths by string, so a name is measured once, not on every frame. */
export class TextWidths {
  private readonly widths = new Map<string, number>();
  private readonly font: string;

  constructor(font: string) {
    this.font = font;
  }

  of(ctx: CanvasRenderingContext2D, text: string): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      // A fleet renamed many times over a shift must not grow this without bound.
      if (this.widths.size > 20_000) this.widths.clear();
      ctx.font = this.font;
      w = ctx.measureText(text).width;
      this.widths.set(text, w);
    }
    return w;
  }
}

/**
 * The vehicles whose names could be drawn now, ranked, or none: below `labelMinZoom` only while few
 * enough are in view (the scan stops at the first vehicle too many, so a city-wide view costs a
 * few dozen projections, not ten thousand). The selected vehicle is always a candidate, even past
 * the cap. Collision avoidance (label-placement.ts) then decides which are drawn.
 */
export function vehicleLabels(
  map: MapLibreMap,
  store: FleetStore,
  hidden: Uint8Array,
  selected: number,
  width: number,
  height: number,
  ctx: CanvasRenderingContext2D,
  widths: TextWidths,
): LabelRequest[] {
  const zoom = map.getZoom();
  if (zoom < 10) return [];
  const now = performance.now();
  const view = mercatorBounds(map, width, height, 60);
  const requests: LabelRequest[] = [];
  const consider = (i: number) => {
    if (!store.located[i] || ((hidden[i] || !store.onMap[i]) && i !== selected)) return;
    const [mx, my] = store.positionAt(i, now);
    // Cheap reject before the costlier projection: a zoomed-in view has most vehicles outside.
    if (mx < view.minX || mx > view.maxX || my < view.minY || my > view.maxY) return;
    const p = map.project(fromMercator(mx, my));
    if (p.x < -60 || p.y < -20 || p.x > width + 60 || p.y > height + 20) return;
    const isSelected = i === selected;
    const rank = isSelected ? labelRank.selected : store.alerting[i] ? labelRank.alert : store.status[i] === 0 ? labelRank.moving : labelRank.vehicle;
    const textWidth = widths.of(ctx, store.names[i] ?? '');
    requests.push({ key: i, x: p.x, y: p.y, width: textWidth + haloPx + 2, height: vehicleBoxHeight, rank, offsets: isSelected ? selectedOffsets : vehicleOffsets });
  };
  if (selected >= 0 && selected < store.count) consider(selected);
  for (let i = 0; i < store.count && requests.length < maxLabels; i++) {
    if (i === selected) continue;
    consider(i);
    if (zoom < labelMinZoom && requests.length > fewEnough) return [];
  }
  return requests;
}

/** Area names whose label point is in view, from `areaLabelMinZoom` on. */
export function areaLabels(map: MapLibreMap, areas: readonly AreaLabel[], width: number, height: number, ctx: CanvasRenderingContext2D, widths: TextWidths): LabelRequest[] {
  if (areas.length === 0 || map.getZoom() < areaLabelMinZoom) return [];
  const requests: LabelRequest[] = [];
  for (let k = 0; k < areas.length && requests.length < maxAreas; k++) {
    const area = areas[k];
    if (!area) continue;
    const p = map.project(fromMercator(area.x, area.y));
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) continue;
    const rank = area.highlighted ? labelRank.highlightedArea : labelRank.area;
    requests.push({ key: areaKey(k), x: p.x, y: p.y, width: widths.of(ctx, area.name) + haloPx + 2, height: areaBoxHeight, rank, offsets: areaOffsets });
  }
  return requests;
}

/** The view (plus `marginPx` on every side) as a mercator box; any bearing. */
function mercatorBounds(map: MapLibreMap, width: number, height: number, marginPx: number) {
  const corners = [
    [-marginPx, -marginPx],
    [width + marginPx, -marginPx],
    [-marginPx, height + marginPx],
    [width + marginPx, height + marginPx],
  ].map(([x, y]) => {
    const { lng, lat } = map.unproject([x ?? 0, y ?? 0]);
    return toMercator(lng, lat);
  });
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}
