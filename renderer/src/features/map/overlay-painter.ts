import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator, toMercator } from '../live/mercator.ts';
import type { Cluster } from './cluster-grid.ts';

export interface OverlayColors {
  status: readonly string[];
  alert: string;
  text: string;
  halo: string;
  clusterFill: string;
}

/**
 * Vehicle names: always from this zoom on (capped), and further out too while few enough
 * vehicles are in view for names to stay readable.
 */
export const labelMinZoom = 14.5;
const maxLabels = 400;
const fewEnough = 60;

export function clusterRadius(count: number): number {
  return Math.min(34, 14 + Math.log2(count) * 3);
}

/** Where a vehicle's name goes, in CSS pixels of the map. */
export interface LabelSpot {
  i: number;
  x: number;
  y: number;
}

/**
 * The vehicles whose names should be drawn now, or none: below `labelMinZoom` only while few
 * enough are in view (the scan stops at the first vehicle too many, so a city-wide view costs a
 * few dozen projections, not ten thousand).
 */
export function labelsInView(map: MapLibreMap, store: FleetStore, hidden: Uint8Array, width: number, height: number): LabelSpot[] {
  const zoom = map.getZoom();
  if (zoom < 10) return [];
  const now = performance.now();
  const view = mercatorBounds(map, width, height, 60);
  const spots: LabelSpot[] = [];
  for (let i = 0; i < store.count && spots.length < maxLabels; i++) {
    if (!store.located[i] || hidden[i]) continue;
    const [mx, my] = store.positionAt(i, now);
    // Cheap reject before the costlier projection: a zoomed-in view has most vehicles outside.
    if (mx < view.minX || mx > view.maxX || my < view.minY || my > view.maxY) continue;
    const p = map.project(fromMercator(mx, my));
    if (p.x < -60 || p.y < -20 || p.x > width + 60 || p.y > height + 20) continue;
    spots.push({ i, x: p.x, y: p.y });
    if (zoom < labelMinZoom && spots.length > fewEnough) return [];
  }
  return spots;
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

/**
 * Draws what the GPU layer does not: cluster donuts with counts, and vehicle names at close zoom.
 * Text is drawn on a 2D canvas because the offline basemap ships no glyphs, and because a few
 * hundred labels on a canvas cost about a millisecond. The caller clears the canvas.
 */
export function paintOverlay(
  ctx: CanvasRenderingContext2D,
  map: MapLibreMap,
  clusters: readonly Cluster[],
  labels: readonly LabelSpot[],
  names: readonly string[],
  selected: number,
  colors: OverlayColors,
): void {
  const ratio = devicePixelRatio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const w = ctx.canvas.width / ratio;
  const h = ctx.canvas.height / ratio;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  for (const cluster of clusters) {
    const p = map.project(fromMercator(cluster.x, cluster.y));
    const r = clusterRadius(cluster.count);
    if (p.x < -r || p.y < -r || p.x > w + r || p.y > h + r) continue;
    drawDonut(ctx, p.x, p.y, r, cluster, colors);
  }

  ctx.font = '600 12px system-ui, sans-serif';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3.5;
  for (const { i, x, y } of labels) {
    const name = names[i] ?? '';
    const below = y + (i === selected ? 24 : 20);
    ctx.strokeStyle = colors.halo;
    ctx.strokeText(name, x, below);
    ctx.fillStyle = colors.text;
    ctx.fillText(name, x, below);
  }
}

function drawDonut(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, cluster: Cluster, colors: OverlayColors) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = colors.clusterFill;
  ctx.fill();
  // One arc per status, proportional to its share: the mix reads at a glance.
  let start = -Math.PI / 2;
  ctx.lineWidth = 5;
  cluster.byStatus.forEach((n, code) => {
    if (n === 0) return;
    const end = start + (n / cluster.count) * Math.PI * 2;
    ctx.beginPath();
    ctx.arc(x, y, r - 3, start, end);
    ctx.strokeStyle = colors.status[code] ?? '#888';
    ctx.stroke();
    start = end;
  });
  if (cluster.alerting > 0) {
    ctx.beginPath();
    ctx.arc(x, y, r + 3, 0, Math.PI * 2);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = colors.alert;
    ctx.stroke();
  }
  ctx.fillStyle = colors.text;
  ctx.font = `700 ${r > 22 ? 13 : 12}px system-ui, sans-serif`;
  ctx.fillText(cluster.count >= 1000 ? `${(cluster.count / 1000).toFixed(1)}k` : String(cluster.count), x, y + 0.5);
}
