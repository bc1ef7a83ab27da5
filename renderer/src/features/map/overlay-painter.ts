import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
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

/**
 * Draws what the GPU layer does not: cluster donuts with counts, and vehicle names at close zoom.
 * Text is drawn on a 2D canvas because the offline basemap ships no glyphs, and because a few
 * hundred labels on a canvas cost about a millisecond.
 */
export function paintOverlay(
  ctx: CanvasRenderingContext2D,
  map: MapLibreMap,
  store: FleetStore,
  names: readonly string[],
  clusters: readonly Cluster[],
  hidden: Uint8Array,
  selected: number,
  colors: OverlayColors,
): void {
  const ratio = devicePixelRatio;
  const { width, height } = ctx.canvas;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const w = width / ratio;
  const h = height / ratio;
  const now = performance.now();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  for (const cluster of clusters) {
    const p = map.project(fromMercator(cluster.x, cluster.y));
    const r = clusterRadius(cluster.count);
    if (p.x < -r || p.y < -r || p.x > w + r || p.y > h + r) continue;
    drawDonut(ctx, p.x, p.y, r, cluster, colors);
  }

  const zoom = map.getZoom();
  if (zoom < 10) return;
  const inView: { i: number; x: number; y: number }[] = [];
  for (let i = 0; i < store.count && inView.length <= maxLabels; i++) {
    if (!store.located[i] || hidden[i]) continue;
    const p = map.project(fromMercator(...store.positionAt(i, now)));
    if (p.x < -60 || p.y < -20 || p.x > w + 60 || p.y > h + 20) continue;
    inView.push({ i, x: p.x, y: p.y });
    if (zoom < labelMinZoom && inView.length > fewEnough) return;
  }
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.lineJoin = 'round';
  for (const { i, x, y: py } of inView.slice(0, maxLabels)) {
    const p = { x, y: py };
    const name = names[i] ?? '';
    const y = p.y + (i === selected ? 24 : 20);
    ctx.lineWidth = 3.5;
    ctx.strokeStyle = colors.halo;
    ctx.strokeText(name, p.x, y);
    ctx.fillStyle = colors.text;
    ctx.fillText(name, p.x, y);
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
