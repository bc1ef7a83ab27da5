/**
 * Label collision avoidance for the map's canvas overlay: greedy placement in priority order over
 * a uniform grid of placed boxes. Pure (no DOM, no map), so it is unit-tested and benchmarked on
 * its own; overlay-labels.ts feeds it what is in view on every map render.
 *
 * Why greedy and not an optimiser: it runs on every frame while panning, a few hundred labels must
 * cost about a millisecond, and a dispatcher cares that the important names win (selected, in
 * alert, moving), not that the largest number of names fits.
 */

/** One label that would like to be drawn. Coordinates in CSS pixels of the map. */
export interface LabelRequest {
  /** Identifies the label across frames (vehicle slot, or a negative number for areas). */
  key: number;
  /** The point the label belongs to (a vehicle, a geofence's centre). */
  x: number;
  y: number;
  /** The box drawn, halo included. */
  width: number;
  height: number;
  /** Lower ranks are placed first (see `labelRank`). */
  rank: number;
  /** Where the box's centre may go, relative to (x, y), best first. */
  offsets: readonly (readonly [number, number])[];
}

/** A label that fits: draw its text centred on (x, y), using `request.offsets[slot]`. */
export interface PlacedLabel {
  request: LabelRequest;
  slot: number;
  x: number;
  y: number;
}

/** What was placed on the previous frame: key → slot. Placing the same labels again first keeps them from flickering. */
export type PreviousPlacement = ReadonlyMap<number, number>;

/**
 * Boxes no label of rank ≥ `fromRank` may cover, as flat [left, top, right, bottom] quadruples:
 * vehicle markers, which a geofence name must not hide (vehicle names may: they sit by their own
 * marker, and blocking them on every neighbour would leave few names at street zoom).
 */
export interface Obstacles {
  boxes: readonly number[];
  fromRank: number;
}

/** Priority classes, best first. Areas (geofence names) give way to every vehicle. */
export const labelRank = { selected: 0, alert: 1, moving: 2, vehicle: 3, highlightedArea: 4, area: 5 } as const;

/** Grid cells a bit larger than a typical label, so a box touches one to four cells. */
const cellPx = 64;
/** Grid keys stay positive for boxes up to this far off screen (labels are culled long before). */
const gridOffset = 4096;
const gridStride = 16384;

/**
 * Places labels greedily: by rank, then labels shown on the previous frame (so a label that is up
 * stays up while others move around it), then by key (stable order, no reshuffle between frames).
 * For each label the offsets are tried in order — the slot it had on the previous frame first — and
 * the first box that intersects nothing placed so far wins; a label whose every box collides is
 * skipped. Boxes are indexed in a uniform grid, so each test looks only at nearby boxes.
 * Each set of `obstacles` joins the grid just before the first label of its `fromRank`.
 */
export function placeLabels(requests: readonly LabelRequest[], previous: PreviousPlacement = new Map(), obstacles?: Obstacles | readonly Obstacles[]): PlacedLabel[] {
  const order = requests.slice().sort((a, b) => a.rank - b.rank || shownBefore(previous, a) - shownBefore(previous, b) || a.key - b.key);
  const grid = new Map<number, number[]>();
  // Placed boxes as flat [left, top, right, bottom] quadruples: no object per box.
  const boxes: number[] = [];
  const placed: PlacedLabel[] = [];
  const pending = (obstacles === undefined ? [] : 'boxes' in obstacles ? [obstacles] : [...obstacles]).sort((a, b) => a.fromRank - b.fromRank);
  let next = 0;
  for (const request of order) {
    for (let set = pending[next]; set && request.rank >= set.fromRank; set = pending[++next]) {
      const b = set.boxes;
      for (let k = 0; k + 3 < b.length; k += 4) insert(grid, boxes, b[k] ?? 0, b[k + 1] ?? 0, b[k + 2] ?? 0, b[k + 3] ?? 0);
    }
    const before = previous.get(request.key);
    const count = request.offsets.length;
    for (let attempt = 0; attempt < count; attempt++) {
      // The previous slot first, then the others in their own order.
      const slot = before !== undefined && before < count ? (attempt === 0 ? before : attempt <= before ? attempt - 1 : attempt) : attempt;
      const offset = request.offsets[slot];
      if (!offset) continue;
      const cx = request.x + offset[0];
      const cy = request.y + offset[1];
      const left = cx - request.width / 2;
      const top = cy - request.height / 2;
      const right = left + request.width;
      const bottom = top + request.height;
      if (collides(grid, boxes, left, top, right, bottom)) continue;
      insert(grid, boxes, left, top, right, bottom);
      placed.push({ request, slot, x: cx, y: cy });
      break;
    }
  }
  return placed;
}

/** The placement to hand to the next frame's `placeLabels`. */
export function placementMemory(placed: readonly PlacedLabel[]): Map<number, number> {
  const memory = new Map<number, number>();
  for (const p of placed) memory.set(p.request.key, p.slot);
  return memory;
}

function shownBefore(previous: PreviousPlacement, request: LabelRequest): number {
  return previous.has(request.key) ? 0 : 1;
}

function cellRange(left: number, top: number, right: number, bottom: number): [number, number, number, number] {
  const clamp = (v: number) => Math.min(gridStride - 1, Math.max(0, Math.floor(v / cellPx) + gridOffset / cellPx));
  return [clamp(left), clamp(top), clamp(right), clamp(bottom)];
}

function collides(grid: Map<number, number[]>, boxes: number[], left: number, top: number, right: number, bottom: number): boolean {
  const [x0, y0, x1, y1] = cellRange(left, top, right, bottom);
  for (let gx = x0; gx <= x1; gx++) {
    for (let gy = y0; gy <= y1; gy++) {
      const cell = grid.get(gx * gridStride + gy);
      if (!cell) continue;
      for (const b of cell) {
        // Touching edges do not count: halos already keep the text apart.
        if (left < (boxes[b + 2] ?? 0) && right > (boxes[b] ?? 0) && top < (boxes[b + 3] ?? 0) && bottom > (boxes[b + 1] ?? 0)) return true;
      }
    }
  }
  return false;
}

function insert(grid: Map<number, number[]>, boxes: number[], left: number, top: number, right: number, bottom: number): void {
  const b = boxes.length;
  boxes.push(left, top, right, bottom);
  const [x0, y0, x1, y1] = cellRange(left, top, right, bottom);
  for (let gx = x0; gx <= x1; gx++) {
    for (let gy = y0; gy <= y1; gy++) {
      const key = gx * gridStride + gy;
      const cell = grid.get(key);
      if (cell) cell.push(b);
      else grid.set(key, [b]);
    }
  }
}
