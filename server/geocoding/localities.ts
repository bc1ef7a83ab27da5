import type { LocalitiesFile } from './geodata-files.ts';
import { metresPerDegree } from './projection.ts';

/** How far a town reaches, from its population: 1.5 km for a village up to 12 km for a city. */
export function reachM(population: number): number {
  return Math.min(12_000, Math.max(1_500, 25 * Math.sqrt(population)));
}

/** Farther than this from every known locality, a point has no address ("none"). */
export const knownAreaM = 30_000;

const cellLatDeg = 0.5;
const cellLonDeg = 1;

export interface LocalityHit {
  index: number;
  distanceM: number;
  /** Metres east and north from the locality to the point. */
  dx: number;
  dy: number;
}

/** GeoNames towns and districts in a coarse grid (0.5° × 1°: a 30 km search reads 3 × 3 cells). */
export class LocalityIndex {
  readonly file: LocalitiesFile;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly reach: Float64Array;
  readonly #cells = new Map<number, number[]>();

  constructor(file: LocalitiesFile) {
    this.file = file;
    this.lat = Float64Array.from(file.lat, (v) => v / 1e5);
    this.lon = Float64Array.from(file.lon, (v) => v / 1e5);
    this.reach = Float64Array.from(file.population, reachM);
    for (let i = 0; i < this.lat.length; i++) {
      const key = LocalityIndex.#cell((this.lat[i] ?? 0), (this.lon[i] ?? 0));
      const list = this.#cells.get(key);
      if (list) list.push(i);
      else this.#cells.set(key, [i]);
    }
  }

  /** A number key: rows and columns stay far below 1,000 in either direction. */
  static #cell(lat: number, lon: number, dr = 0, dc = 0): number {
    return (Math.floor(lat / cellLatDeg) + dr) * 1000 + Math.floor(lon / cellLonDeg) + dc;
  }

  get count(): number {
    return this.lat.length;
  }

  name(index: number): string {
    return this.file.name[index] ?? '';
  }

  /**
   * The locality that best covers the point (smallest distance relative to its reach), among
   * those within `maxM`; `withinReach` keeps only places whose reach includes the point.
   */
  best(lat: number, lon: number, withinReach: boolean, maxM = knownAreaM): LocalityHit | null {
    const kx = metresPerDegree * Math.cos((lat * Math.PI) / 180);
    let best: LocalityHit | null = null;
    let bestScore = Infinity;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const cell = this.#cells.get(LocalityIndex.#cell(lat, lon, dr, dc));
        if (!cell) continue;
        for (let k = 0; k < cell.length; k++) {
          const i = (cell[k] ?? 0);
          const dx = (lon - (this.lon[i] ?? 0)) * kx;
          const dy = (lat - (this.lat[i] ?? 0)) * metresPerDegree;
          const d2 = dx * dx + dy * dy;
          const reach = (this.reach[i] ?? 0);
          // Compare squared: score = d / reach, so d² < (bestScore · reach)² is the test.
          const bound = Math.min(withinReach ? reach : maxM, maxM, bestScore * reach);
          if (d2 >= bound * bound) continue;
          const d = Math.sqrt(d2);
          bestScore = d / reach;
          best = { index: i, distanceM: d, dx, dy };
        }
      }
    }
    return best;
  }
}
