import type { RoadsFile } from './geodata-files.ts';
import { LocalProjection } from './projection.ts';

/** Grid cell edge in metres: a lookup within ≤ 150 m reads at most 3 × 3 cells. */
const cellM = 150;

export interface RoadHit {
  way: number;
  segment: number;
  /** Metres from the point to the road. */
  distanceM: number;
  /** Position of the closest point along the segment, 0 at its first node. */
  t: number;
}

export type RoadFilter = 'named' | 'routable';

/**
 * The road network as flat arrays plus a uniform grid over its segments (CSR: cell → segment
 * ids), built once per process from the committed geodata. Answers "which road is this point
 * on" in microseconds, and which posted limits could apply near a point without any search.
 */
export class RoadIndex {
  readonly file: RoadsFile;
  readonly projection: LocalProjection;
  readonly nodeLat: Float64Array;
  readonly nodeLon: Float64Array;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Segment i joins nodes segA[i] → segB[i] (the direction of travel on oneway roads) of way segWay[i]. */
  readonly segA: Int32Array;
  readonly segB: Int32Array;
  readonly segWay: Int32Array;
  readonly bounds: { west: number; south: number; east: number; north: number };
  readonly #minX: number;
  readonly #minY: number;
  readonly #cols: number;
  readonly #rows: number;
  readonly #cellStart: Int32Array;
  readonly #cellItems: Int32Array;
  /** Lowest posted limit on any routable segment in a cell or its 8 neighbours; 0 = none. */
  readonly #cellMinPosted: Uint8Array;

  constructor(file: RoadsFile) {
    this.file = file;
    const n = file.nodeLon.length;
    this.nodeLat = new Float64Array(n);
    this.nodeLon = new Float64Array(n);
    let x = 0;
    let y = 0;
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    for (let i = 0; i < n; i++) {
      x += file.nodeLon[i] ?? 0;
      y += file.nodeLat[i] ?? 0;
      const lon = x / 1e6;
      const lat = y / 1e6;
      this.nodeLon[i] = lon;
      this.nodeLat[i] = lat;
      west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
    }
    this.bounds = { west, south, east, north };
    this.projection = new LocalProjection((south + north) / 2);
    this.nodeX = this.nodeLon.map((lon) => this.projection.x(lon));
    this.nodeY = this.nodeLat.map((lat) => this.projection.y(lat));

    const { ways, wayNodes } = file;
    const segmentCount = ways.nodeCount.reduce((sum, c) => sum + c - 1, 0);
    this.segA = new Int32Array(segmentCount);
    this.segB = new Int32Array(segmentCount);
    this.segWay = new Int32Array(segmentCount);
    let s = 0;
    let offset = 0;
    ways.nodeCount.forEach((count, way) => {
      for (let k = 1; k < count; k++, s++) {
        this.segA[s] = wayNodes[offset + k - 1] ?? 0;
        this.segB[s] = wayNodes[offset + k] ?? 0;
        this.segWay[s] = way;
      }
      offset += count;
    });

    this.#minX = this.projection.x(west) - cellM;
    this.#minY = this.projection.y(south) - cellM;
    this.#cols = Math.ceil((this.projection.x(east) + cellM - this.#minX) / cellM) + 1;
    this.#rows = Math.ceil((this.projection.y(north) + cellM - this.#minY) / cellM) + 1;
    const cellCount = this.#cols * this.#rows;
    const counts = new Int32Array(cellCount + 1);
    this.#forEachCellOf((cell) => {
      counts[cell + 1] = (counts[cell + 1] ?? 0) + 1;
    });
    for (let c = 0; c < cellCount; c++) counts[c + 1] = (counts[c + 1] ?? 0) + (counts[c] ?? 0);
    this.#cellStart = counts;
    this.#cellItems = new Int32Array(counts[cellCount] ?? 0);
    const fill = counts.slice(0, cellCount);
    this.#forEachCellOf((cell, segment) => {
      const k = fill[cell] ?? 0;
      fill[cell] = k + 1;
      this.#cellItems[k] = segment;
    });

    const own = new Uint8Array(cellCount);
    for (let cell = 0; cell < cellCount; cell++) {
      for (let i = (this.#cellStart[cell] ?? 0); i < (this.#cellStart[cell + 1] ?? 0); i++) {
        const way = this.segWay[this.#cellItems[i] ?? 0] ?? 0;
        const limit = ways.maxspeed[way] ?? 0;
        if (limit > 0 && ways.routable[way] === 1 && (own[cell] === 0 || limit < (own[cell] ?? 0))) own[cell] = limit;
      }
    }
    this.#cellMinPosted = new Uint8Array(cellCount);
    for (let r = 0; r < this.#rows; r++) {
      for (let c = 0; c < this.#cols; c++) {
        let min = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = r + dr, cc = c + dc;
            if (rr < 0 || cc < 0 || rr >= this.#rows || cc >= this.#cols) continue;
            const v = (own[rr * this.#cols + cc] ?? 0);
            if (v > 0 && (min === 0 || v < min)) min = v;
          }
        }
        this.#cellMinPosted[r * this.#cols + c] = min;
      }
    }
  }

  get segmentCount(): number {
    return this.segA.length;
  }

  /** Every grid cell a segment's bounding box touches. */
  #forEachCellOf(visit: (cell: number, segment: number) => void): void {
    for (let s = 0; s < this.segA.length; s++) {
      const a = (this.segA[s] ?? 0), b = (this.segB[s] ?? 0);
      const c0 = Math.floor((Math.min((this.nodeX[a] ?? 0), (this.nodeX[b] ?? 0)) - this.#minX) / cellM);
      const c1 = Math.floor((Math.max((this.nodeX[a] ?? 0), (this.nodeX[b] ?? 0)) - this.#minX) / cellM);
      const r0 = Math.floor((Math.min((this.nodeY[a] ?? 0), (this.nodeY[b] ?? 0)) - this.#minY) / cellM);
      const r1 = Math.floor((Math.max((this.nodeY[a] ?? 0), (this.nodeY[b] ?? 0)) - this.#minY) / cellM);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * this.#cols + c, s);
    }
  }

  #cellOf(x: number, y: number): number {
    const c = Math.floor((x - this.#minX) / cellM);
    const r = Math.floor((y - this.#minY) / cellM);
    return c < 0 || r < 0 || c >= this.#cols || r >= this.#rows ? -1 : r * this.#cols + c;
  }

  /**
   * The nearest road within `radiusM` (≤ 150 m) that passes the filter: `named` roads for
   * addresses (ways people walk on count `walkPenaltyM` further, so a car on a street beside a
   * square is "on" the street), `routable` roads for limits and routing.
   */
  nearest(lat: number, lon: number, radiusM: number, filter: RoadFilter, walkPenaltyM = 0): RoadHit | null {
    const px = this.projection.x(lon);
    const py = this.projection.y(lat);
    const c0 = Math.floor((px - radiusM - this.#minX) / cellM);
    const c1 = Math.floor((px + radiusM - this.#minX) / cellM);
    const r0 = Math.floor((py - radiusM - this.#minY) / cellM);
    const r1 = Math.floor((py + radiusM - this.#minY) / cellM);
    if (c1 < 0 || r1 < 0 || c0 >= this.#cols || r0 >= this.#rows) return null;
    const { ways } = this.file;
    const drivable = this.file.drivableClassCount;
    let best: RoadHit | null = null;
    let bestScore = radiusM;
    for (let r = Math.max(0, r0); r <= Math.min(this.#rows - 1, r1); r++) {
      for (let c = Math.max(0, c0); c <= Math.min(this.#cols - 1, c1); c++) {
        const cell = r * this.#cols + c;
        for (let i = (this.#cellStart[cell] ?? 0); i < (this.#cellStart[cell + 1] ?? 0); i++) {
          const s = (this.#cellItems[i] ?? 0);
          const way = (this.segWay[s] ?? 0);
          if (filter === 'routable' ? ways.routable[way] !== 1 : (ways.name[way] ?? 0) < 0 && (ways.ref[way] ?? 0) < 0) continue;
          const a = (this.segA[s] ?? 0), b = (this.segB[s] ?? 0);
          // Inline point-to-segment distance: this loop runs ~100 times per lookup.
          const ax = (this.nodeX[a] ?? 0), ay = (this.nodeY[a] ?? 0);
          const dx = (this.nodeX[b] ?? 0) - ax, dy = (this.nodeY[b] ?? 0) - ay;
          const len2 = dx * dx + dy * dy;
          let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = ax + t * dx - px, ey = ay + t * dy - py;
          const d2 = ex * ex + ey * ey;
          if (d2 >= bestScore * bestScore) continue;
          const d = Math.sqrt(d2);
          const score = (ways.cls[way] ?? 0) >= drivable ? d + walkPenaltyM : d;
          if (score < bestScore) {
            bestScore = score;
            best = { way, segment: s, distanceM: d, t };
          }
        }
      }
    }
    return best;
  }

  /**
   * The lowest posted limit of any road near the point (km/h), or null when no road near it has
   * one. O(1): ingest uses it to skip the road lookup when no limit could be exceeded.
   */
  lowestPostedNear(lat: number, lon: number): number | null {
    const cell = this.#cellOf(this.projection.x(lon), this.projection.y(lat));
    const v = cell < 0 ? 0 : (this.#cellMinPosted[cell] ?? 0);
    return v > 0 ? v : null;
  }

  /** The posted limit of the road the point is on (nearest routable road within 25 m), if tagged. */
  postedLimitAt(lat: number, lon: number): number | null {
    const hit = this.nearest(lat, lon, 25, 'routable');
    const limit = hit ? (this.file.ways.maxspeed[hit.way] ?? 0) : 0;
    return limit > 0 ? limit : null;
  }

  wayName(way: number): string | null {
    const i = this.file.ways.name[way] ?? -1;
    return i >= 0 ? (this.file.names[i] ?? null) : null;
  }

  wayRef(way: number): string | null {
    const i = this.file.ways.ref[way] ?? -1;
    return i >= 0 ? (this.file.refs[i] ?? null) : null;
  }
}
