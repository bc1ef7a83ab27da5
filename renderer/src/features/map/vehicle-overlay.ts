import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import type { AreaLabel } from './area-labels.ts';
import { fitCanvasToMap } from './camera-matrix.ts';
import type { Cluster } from './cluster-grid.ts';
import { labelRank, placeLabels, placementMemory, type LabelRequest, type Obstacles, type PreviousPlacement } from './label-placement.ts';
import { areaFont, areaLabels, markerHalfPx, TextWidths, vehicleFont, vehicleLabels } from './overlay-labels.ts';
import { clusterMarks, overlaySignature, paintOverlay, sameSignature, type ClusterMark, type OverlayColors } from './overlay-painter.ts';

/** What the overlay draws on one frame; read on every map 'render'. */
export interface OverlayFrame {
  clusters: readonly Cluster[];
  hidden: Uint8Array;
  selected: number;
  /** Geofence names (AreaLabelBoard), placed after every vehicle name. */
  areas: readonly AreaLabel[];
  colors: OverlayColors;
}

/** Timing of the last frame's label work, for the benchmark (ms). */
export interface LabelTiming {
  candidates: number;
  placed: number;
  collectMs: number;
  placeMs: number;
}

/**
 * The 2D canvas over the map for cluster donuts, vehicle names and geofence names: collects the
 * names in view (overlay-labels.ts), keeps those that do not collide (label-placement.ts), and
 * draws them (overlay-painter.ts).
 *
 * It is in the page only while it has something on it. A full-viewport canvas is one more layer
 * for the compositor on every frame, even when empty: with software GL (machines without a GPU,
 * our benchmark) clearing and compositing an empty 1280×800 canvas cost ~10 ms of CPU a frame,
 * a fifth of drawing ten thousand vehicles. So at the zooms where nothing is labelled (most of a
 * shift at city scale) it is removed, and it is cleared only when the last frame drew something.
 * With labels shown it still costs ~20 ms a frame at street zoom (docs/decisions/0040-live-map-custom-webgl-layer.md).
 */
export class VehicleOverlay {
  private readonly map: MapLibreMap;
  private readonly store: FleetStore;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private attached = false;
  private drawn = false;
  private readonly vehicleWidths = new TextWidths(vehicleFont);
  private readonly areaWidths = new TextWidths(areaFont);
  /** Which labels were up on the last frame, and where: they keep their place (no flicker). */
  private previous: PreviousPlacement = new Map();
  lastLabels: LabelTiming = { candidates: 0, placed: 0, collectMs: 0, placeMs: 0 };
  /** What the canvas shows now (overlaySignature), and with which names, areas and colours. */
  private signature: number[] = [];
  private what: Painted | null = null;

  constructor(map: MapLibreMap, store: FleetStore) {
    this.map = map;
    this.store = store;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map-overlay-canvas';
    this.ctx = this.canvas.getContext('2d');
  }

  /** Call on every map 'render': draws the frame, or takes the canvas out if it would be empty. */
  paint(frame: OverlayFrame): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const { clientWidth, clientHeight } = this.map.getCanvas();
    const t0 = performance.now();
    const requests = vehicleLabels(this.map, this.store, frame.hidden, frame.selected, clientWidth, clientHeight, ctx, this.vehicleWidths);
    for (const area of areaLabels(this.map, frame.areas, clientWidth, clientHeight, ctx, this.areaWidths)) requests.push(area);
    const marks = clusterMarks(this.map, frame.clusters, clientWidth, clientHeight);
    const t1 = performance.now();
    const labels = requests.length > 0 ? placeLabels(requests, this.previous, [...clusterDiscs(marks), ...markersOf(requests)]) : [];
    this.previous = placementMemory(labels);
    this.lastLabels = { candidates: requests.length, placed: labels.length, collectMs: t1 - t0, placeMs: performance.now() - t1 };
    const empty = labels.length === 0 && marks.length === 0;
    if (empty) {
      this.detach();
      return;
    }
    if (!this.attached) this.attach();
    // Most frames of a live fleet at city zoom (a vehicle's glide, a tile) leave every donut and
    // name where it was: repainting the full-view canvas then costs its clearing, drawing and
    // compositing for nothing.
    const signature = overlaySignature(marks, labels);
    const what = { names: this.store.names, areas: frame.areas, colors: frame.colors };
    if (this.drawn && sameSignature(signature, this.signature) && sameWhat(what, this.what)) return;
    if (this.drawn) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    }
    paintOverlay(ctx, marks, labels, this.store.names, frame.areas, frame.colors);
    this.drawn = true;
    this.signature = signature;
    this.what = what;
  }

  /** Call on map 'resize'. */
  resize(): void {
    if (this.attached) this.fit();
  }

  dispose(): void {
    this.detach();
  }

  private attach(): void {
    this.fit();
    this.map.getCanvasContainer().appendChild(this.canvas);
    this.attached = true;
  }

  private detach(): void {
    if (!this.attached) return;
    this.canvas.remove();
    this.attached = false;
  }

  /** Matches the map canvas; setting the size also clears the canvas. */
  private fit(): void {
    fitCanvasToMap(this.canvas, this.map);
    this.drawn = false;
  }
}

interface Painted {
  names: readonly string[];
  areas: readonly AreaLabel[];
  colors: OverlayColors;
}

function sameWhat(a: Painted, b: Painted | null): boolean {
  return b !== null && a.names === b.names && a.areas === b.areas && a.colors === b.colors;
}

/**
 * The cluster markers in view, as obstacles for every name but the selected vehicle's: a name
 * printed across a cluster's count hides the number a dispatcher reads.
 */
function clusterDiscs(marks: readonly ClusterMark[]): Obstacles[] {
  if (marks.length === 0) return [];
  const boxes: number[] = [];
  for (const { x, y, r } of marks) boxes.push(x - r - 3, y - r - 3, x + r + 3, y + r + 3);
  return [{ boxes, fromRank: labelRank.alert }];
}

/** The markers of the vehicles in view, as obstacles for area names (none when no area is in view). */
function markersOf(requests: readonly LabelRequest[]): Obstacles[] {
  if (!requests.some((r) => r.key < 0)) return [];
  const boxes: number[] = [];
  for (const r of requests) if (r.key >= 0) boxes.push(r.x - markerHalfPx, r.y - markerHalfPx, r.x + markerHalfPx, r.y + markerHalfPx);
  return [{ boxes, fromRank: labelRank.highlightedArea }];
}
