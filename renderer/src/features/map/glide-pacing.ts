import { glideMs, type FleetStore } from '../live/fleet-store.ts';

/** A mercator box: the part of the world in view (with a margin). */
export interface MercatorBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The fastest the vehicles are redrawn while they glide: 30 frames a second. */
export const minGlideFrameMs = 1000 / 30;
/** A glide frame is due when the fastest vehicle in view has moved about this far since the last. */
const stepPx = 1;
/** Below this, a whole glide moves no vehicle in view visibly: only its end is drawn. */
const stillPx = 0.5;

/**
 * How often to redraw while vehicles glide to their new fixes (ms between frames), or `null` when
 * no drawn vehicle in view (`worldPx`: the world's width in screen px at the map's zoom) moves by
 * half a pixel over its whole glide (then the glide's end is drawn and
 * nothing in between).
 *
 * Why: every redraw costs main-thread and software-GL time, and at city zoom a second of driving
 * is a pixel or less, so redrawing 60 times a second showed nothing. The interval is set so the
 * fastest vehicle in view moves about one pixel per frame at the start of its glide, where the
 * shader's ease-out is fastest (twice the mean speed), capped at 30 frames a second.
 */
export function glideFrameInterval(store: FleetStore, hidden: Uint8Array, view: MercatorBox, worldPx: number, now: number): number | null {
  let fastest = 0;
  for (let i = 0; i < store.count; i++) {
    // Only what is drawn counts: a vehicle inside a cluster or filtered off the map moves nothing.
    if (!store.located[i] || !store.onMap[i] || hidden[i] || now - (store.moveStart[i] ?? 0) >= glideMs) continue;
    const x = store.x[i] ?? 0;
    const y = store.y[i] ?? 0;
    const fx = store.fromX[i] ?? 0;
    const fy = store.fromY[i] ?? 0;
    // In view if either end of the glide is (a glide is far shorter than the view).
    const inView = (x >= view.minX && x <= view.maxX && y >= view.minY && y <= view.maxY) || (fx >= view.minX && fx <= view.maxX && fy >= view.minY && fy <= view.maxY);
    if (!inView) continue;
    const d = Math.hypot(x - fx, y - fy);
    if (d > fastest) fastest = d;
  }
  const distPx = fastest * worldPx;
  if (distPx < stillPx) return null;
  const peakPxPerMs = (2 * distPx) / glideMs;
  return Math.min(glideMs, Math.max(minGlideFrameMs, stepPx / peakPxPerMs));
}

/**
 * While no vehicle in view moves visibly (`glideEvery` null: city zoom, where a second of driving
 * is under half a pixel), live changes are drawn at most this often. Fixes arrive in several
 * batches a second, and each drawn frame costs the main thread an upload and a draw, and the
 * compositor (software GL on a dispatch PC without a GPU, on the same cores) a full-view
 * composite, for a picture that moved less than half a pixel. A status colour or a new vehicle
 * then shows at most this late; the list, the card and the status counts refresh at the same
 * human pace (live/paced-signal.ts).
 */
export const stillPaceMs = 1000;

/**
 * How long a live change waits before it is drawn (ms): not at all while vehicles in view glide
 * visibly (`glideEvery` is a frame interval), else until `stillPaceMs` after the last draw.
 */
export function liveChangeDelay(glideEvery: number | null, lastDraw: number, now: number): number {
  return glideEvery === null ? Math.max(0, lastDraw + stillPaceMs - now) : 0;
}
