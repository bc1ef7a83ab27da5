import type { Map as MapLibreMap } from 'maplibre-gl';
import { fromMercator } from '../live/mercator.ts';
import type { AreaLabel } from './area-labels.ts';
import { clusterRadius, type Cluster } from './cluster-grid.ts';
import type { PlacedLabel } from './label-placement.ts';
import { areaFont, areaIndex, haloPx, vehicleFont } from './overlay-labels.ts';

export interface OverlayColors {
  status: readonly string[];
  alert: string;
  text: string;
  halo: string;
  /** Area (geofence) names: quieter than vehicle names, so vehicles stay what the eye finds first. */
  areaText: string;
  clusterFill: string;
}

/** A cluster marker in view, projected once per frame: for the collision pass and for painting. */
export interface ClusterMark {
  x: number;
  y: number;
  r: number;
  cluster: Cluster;
}

/** The clusters whose donut is (partly) in a `width` × `height` view, projected. */
export function clusterMarks(map: MapLibreMap, clusters: readonly Cluster[], width: number, height: number): ClusterMark[] {
  const marks: ClusterMark[] = [];
  for (const cluster of clusters) {
    const p = map.project(fromMercator(cluster.x, cluster.y));
    const r = clusterRadius(cluster.count);
    if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) continue;
    marks.push({ x: p.x, y: p.y, r, cluster });
  }
  return marks;
}

/** Screen positions are compared to a quarter pixel: closer than that, two frames look the same. */
const quarterPx = (v: number) => Math.round(v * 4);

/**
 * What a frame of the overlay shows, as numbers: two frames with equal signatures paint the same
 * pixels (given the same names, areas and colours), so the second is not painted. Clusters are
 * recomputed once a second and their centroids creep as vehicles move, so they are compared by
 * what is drawn (place to a quarter pixel, count, mix, alert ring), not by identity.
 */
export function overlaySignature(marks: readonly ClusterMark[], labels: readonly PlacedLabel[]): number[] {
  const out: number[] = [marks.length, labels.length];
  for (const { x, y, cluster } of marks) out.push(quarterPx(x), quarterPx(y), cluster.count, cluster.alerting, ...cluster.byStatus);
  for (const { request, slot, x, y } of labels) out.push(request.key, slot, quarterPx(x), quarterPx(y));
  return out;
}

export function sameSignature(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Draws what the GPU layer does not: cluster donuts with counts, and the names that won the
 * collision pass (vehicles, and geofences in a quieter italic). Text is drawn on a 2D canvas because
 * the offline basemap ships no glyphs, and because a few hundred labels on a canvas cost about a
 * millisecond. The caller clears the canvas.
 */
export function paintOverlay(
  ctx: CanvasRenderingContext2D,
  marks: readonly ClusterMark[],
  labels: readonly PlacedLabel[],
  names: readonly string[],
  areas: readonly AreaLabel[],
  colors: OverlayColors,
): void {
  const ratio = devicePixelRatio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  for (const { x, y, r, cluster } of marks) drawDonut(ctx, x, y, r, cluster, colors);

  ctx.lineJoin = 'round';
  ctx.lineWidth = haloPx;
  ctx.strokeStyle = colors.halo;
  // Areas first, in their own font, so vehicle names are drawn over them should halos touch.
  ctx.font = areaFont;
  ctx.fillStyle = colors.areaText;
  for (const { request, x, y } of labels) {
    if (request.key >= 0) continue;
    const name = areas[areaIndex(request.key)]?.name ?? '';
    ctx.strokeText(name, x, y);
    ctx.fillText(name, x, y);
  }
  ctx.font = vehicleFont;
  ctx.fillStyle = colors.text;
  for (const { request, x, y } of labels) {
    if (request.key < 0) continue;
    const name = names[request.key] ?? '';
    ctx.strokeText(name, x, y);
    ctx.fillText(name, x, y);
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
