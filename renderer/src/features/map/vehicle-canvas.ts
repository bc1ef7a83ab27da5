import type { Map as MapLibreMap } from 'maplibre-gl';
import { glideMs, type FleetStore } from '../live/fleet-store.ts';
import { toMercator } from '../live/mercator.ts';
import { fitCanvasToMap, mercatorToClip } from './camera-matrix.ts';
import { glideFrameInterval, liveChangeDelay } from './glide-pacing.ts';
import { VehicleGlLayer, type VehiclePalette } from './vehicle-gl-layer.ts';

/** A map frame this recent already drew the vehicles: a glide frame in the same tick is skipped. */
const sameFrameMs = 8;

/**
 * The vehicles' own WebGL canvas, laid over the map's (decision 0385).
 *
 * Drawn as a layer inside MapLibre, every glide frame of a vehicle was a repaint of the whole map:
 * every basemap tile and label again, which with software GL (dispatch PCs without a GPU, our
 * benchmark) is a long task on the main thread each time. Here the map repaints only for its own
 * reasons (camera, tiles), and a live update redraws only this canvas.
 *
 * The canvas follows the camera exactly: it is drawn inside the map's own `render` event, in the
 * same task as the map's frame, with a matrix read off `map.project` (camera-matrix.ts). Between
 * map frames it draws on its own animation frames while vehicles glide, paced by how far they move
 * on screen (glide-pacing.ts), then rests. While nothing in view moves visibly, live changes are
 * drawn at most once a second (`stillPaceMs`); a new fleet, a map filter, the selection or a
 * colour change are drawn at once.
 * It lies under the label overlay and takes no pointer events: clicks reach the map.
 */
export class VehicleCanvas {
  readonly layer: VehicleGlLayer;
  private readonly map: MapLibreMap;
  private readonly store: FleetStore;
  private readonly canvas: HTMLCanvasElement;
  private gl: WebGL2RenderingContext | null;
  /** Reused every frame: no per-frame garbage while panning. */
  private readonly matrix = new Float32Array(16);
  private readonly drawn = new Float32Array(16);
  private dirty = true;
  private lastChange = -Infinity;
  private lastDraw = -Infinity;
  private lastMapFrame = -Infinity;
  /** ms between glide frames of the current glide; null: only its end is drawn. */
  private glideEvery: number | null = null;
  private frameRequest = 0;
  private timer = 0;
  private timerAt = 0;
  /** The store's layout and map filter as last seen: a change to either is drawn at once. */
  private seenLayout = -1;
  private seenFilter = -1;
  private readonly unsubscribe: () => void;
  /**
   * After each glide frame drawn between map frames (the label overlay paints then, so names move
   * with their vehicles; on map frames it paints on the map's own `render`).
   */
  onFrame: (() => void) | null = null;

  constructor(map: MapLibreMap, store: FleetStore, palette: VehiclePalette) {
    this.map = map;
    this.store = store;
    this.layer = new VehicleGlLayer(store, palette);
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map-vehicle-canvas';
    // Straight after the map's canvas: the label overlay and MapLibre's markers stay above it.
    map.getCanvas().after(this.canvas);
    this.gl = this.canvas.getContext('webgl2', { alpha: true, premultipliedAlpha: true, antialias: false, depth: false, stencil: false, preserveDrawingBuffer: false });
    if (this.gl) this.layer.attach(this.gl);
    else console.warn('Map: the vehicle layer needs WebGL 2; vehicles are not drawn.');
    this.canvas.addEventListener('webglcontextlost', this.onLost);
    this.canvas.addEventListener('webglcontextrestored', this.onRestored);
    this.fit();
    this.unsubscribe = store.subscribe(this.onChange);
    map.on('render', this.onMapRender);
    map.on('resize', this.onResize);
    this.schedule();
  }

  setPalette(palette: VehiclePalette): void {
    this.layer.setPalette(palette);
    this.invalidate();
  }

  /** Redraws on the next frame (selection, cluster flags or colours changed). */
  invalidate(): void {
    this.layer.invalidate();
    this.dirty = true;
    this.schedule();
  }

  /**
   * Uploads again and redraws at the pace of live changes (clusters re-computed because vehicles
   * moved): drawn with the next live change's frame, not in a frame of its own.
   */
  refresh(): void {
    this.layer.invalidate();
    this.dirty = true;
    this.schedule(this.livePaceDelay(performance.now()));
  }

  dispose(): void {
    this.unsubscribe();
    this.map.off('render', this.onMapRender);
    this.map.off('resize', this.onResize);
    cancelAnimationFrame(this.frameRequest);
    clearTimeout(this.timer);
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    this.layer.detach();
    // Free the context now rather than at garbage collection: a theme switch or a pop-out closing
    // must not leave contexts behind (browsers cap how many a page may hold).
    this.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    this.canvas.remove();
  }

  private readonly onChange = () => {
    const now = performance.now();
    this.lastChange = now;
    this.dirty = true;
    const worldPx = 512 * 2 ** this.map.getZoom();
    this.glideEvery = glideFrameInterval(this.store, this.layer.hidden, this.viewBox(worldPx), worldPx, now);
    const { layoutVersion, filterVersion } = this.store;
    const urgent = layoutVersion !== this.seenLayout || filterVersion !== this.seenFilter;
    this.seenLayout = layoutVersion;
    this.seenFilter = filterVersion;
    this.schedule(urgent ? 0 : this.livePaceDelay(now));
  };

  /** How long a live change waits to be drawn (glide-pacing.ts). */
  private livePaceDelay(now: number): number {
    return liveChangeDelay(this.glideEvery, this.lastDraw, now);
  }

  /** The map drew a frame (camera moved, tiles arrived): draw the vehicles into the same frame. */
  private readonly onMapRender = () => {
    this.lastMapFrame = performance.now();
    this.draw(this.lastMapFrame, false);
  };

  private readonly onResize = () => {
    this.fit();
    this.draw(performance.now(), true);
  };

  private readonly onLost = (event: Event) => {
    // Without preventDefault the browser never restores the context.
    event.preventDefault();
    cancelAnimationFrame(this.frameRequest);
    clearTimeout(this.timer);
    this.frameRequest = 0;
    this.timer = 0;
  };

  private readonly onRestored = () => {
    if (!this.gl) return;
    this.layer.attach(this.gl);
    this.invalidate();
  };

  /**
   * Asks for an animation frame in `delayMs` (0: the next one). Between paced glide frames the
   * page waits on a timer, not on animation frames: a pending animation frame alone makes the
   * browser run a frame of main-thread work every 16 ms.
   */
  private schedule(delayMs = 0): void {
    if (this.frameRequest !== 0) return;
    const at = performance.now() + delayMs;
    if (this.timer !== 0) {
      if (at >= this.timerAt) return;
      clearTimeout(this.timer);
      this.timer = 0;
    }
    if (delayMs <= 0) {
      this.frameRequest = requestAnimationFrame(this.onAnimationFrame);
      return;
    }
    this.timerAt = at;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.schedule();
    }, delayMs);
  }

  private readonly onAnimationFrame = () => {
    this.frameRequest = 0;
    const now = performance.now();
    const gliding = now - this.lastChange < glideMs;
    const endDrawn = this.lastDraw >= this.lastChange + glideMs;
    // A glide frame is due when the pace says so, and the glide's end is always drawn once.
    const due = this.dirty || (gliding && this.glideEvery !== null && now - this.lastDraw >= this.glideEvery - 2) || (!gliding && !endDrawn);
    if (due && now - this.lastMapFrame >= sameFrameMs) {
      // Nothing to draw on (no size: the map is hidden; no context): resize or restore brings it back.
      if (!this.draw(now, true)) return;
      this.onFrame?.();
    }
    if (this.dirty) {
      this.schedule();
      return;
    }
    // Next: the next paced frame, else the glide's end (which a map frame may already have drawn).
    const end = this.lastChange + glideMs - now;
    if (gliding && this.glideEvery !== null) this.schedule(Math.min(this.lastDraw + this.glideEvery - now, end));
    else if (this.lastDraw < this.lastChange + glideMs) this.schedule(Math.max(end, this.livePaceDelay(now)));
  };

  /** Draws unless nothing changed since the last draw (a map frame for a tile leaves vehicles be). */
  private draw(now: number, force: boolean): boolean {
    const gl = this.gl;
    if (!gl || gl.isContextLost()) return false;
    const { clientWidth, clientHeight } = this.map.getCanvas();
    if (clientWidth === 0 || clientHeight === 0) return false;
    const gliding = now - this.lastChange < glideMs;
    let cameraMoved = false;
    const camera = (origin: readonly [number, number]) => {
      mercatorToClip(this.matrix, (lngLat) => this.map.project(lngLat), origin, clientWidth, clientHeight);
      cameraMoved = !sameMatrix(this.matrix, this.drawn);
      return this.matrix;
    };
    // A map frame with the camera where it was, the vehicles at rest and nothing changed: the
    // canvas already shows this.
    if (!force && !gliding && !this.dirty) {
      camera(this.layer.origin);
      if (!cameraMoved) return false;
    }
    gl.viewport(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    this.layer.draw(camera, now, this.map.getZoom(), this.map.getBearing());
    this.drawn.set(this.matrix);
    this.dirty = false;
    this.lastDraw = now;
    return true;
  }

  /** Matches the map's canvas; setting the size also clears the canvas. */
  private fit(): void {
    fitCanvasToMap(this.canvas, this.map);
    this.dirty = true;
  }

  /**
   * A mercator box around the view: the circle through its corners, half as wide again (which
   * covers any bearing and the camera's padding offset). Not `map.getBounds()`, which unprojects
   * through the full transform and cost ~1 ms a call on a loaded machine, on every live update.
   */
  private viewBox(worldPx: number) {
    const { clientWidth, clientHeight } = this.map.getCanvas();
    const { lng, lat } = this.map.getCenter();
    const [cx, cy] = toMercator(lng, lat);
    const r = (0.75 * Math.hypot(clientWidth, clientHeight)) / worldPx;
    return { minX: cx - r, minY: cy - r, maxX: cx + r, maxY: cy + r };
  }
}

function sameMatrix(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
