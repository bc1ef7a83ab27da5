/**
 * Pure geometry and time over a columnar trip track (contract TripTrack: `t` is milliseconds since
 * the trip's start). Kept free of React and MapLibre so replay, stops and exports are unit-tested.
 */
export interface TrackColumns {
  t: readonly number[];
  lat: readonly number[];
  lon: readonly number[];
  speedKmh: readonly number[];
  course: readonly number[];
}

export interface TrackPoint {
  lon: number;
  lat: number;
  speedKmh: number;
  course: number;
  /** Index of the last recorded point at or before the time. */
  index: number;
}

/** Below this the vehicle is standing (the server's trip segmenter uses the same threshold). */
export const standingKmh = 5;
/** Standing at least this long inside a trip is a stop worth marking (traffic lights are not). */
export const minStopMs = 90_000;

/** Index of the last point with t <= time (binary search; 0 before the start). */
export function indexAt(t: readonly number[], time: number): number {
  let lo = 0;
  let hi = t.length - 1;
  if (hi < 0 || time <= (t[0] ?? 0)) return 0;
  if (time >= (t[hi] ?? 0)) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((t[mid] ?? 0) <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where the vehicle was at `time`: linear between the two recorded points around it, so a replay
 * at 1× glides instead of jumping from fix to fix. Course takes the shorter way round 360°.
 */
export function positionAt(track: TrackColumns, time: number): TrackPoint | null {
  const n = track.t.length;
  if (n === 0) return null;
  const i = indexAt(track.t, time);
  const j = Math.min(i + 1, n - 1);
  const t0 = track.t[i] ?? 0;
  const t1 = track.t[j] ?? t0;
  const f = t1 > t0 ? Math.min(1, Math.max(0, (time - t0) / (t1 - t0))) : 0;
  const mix = (a: readonly number[]) => (a[i] ?? 0) + ((a[j] ?? 0) - (a[i] ?? 0)) * f;
  const c0 = track.course[i] ?? 0;
  let dc = (track.course[j] ?? c0) - c0;
  if (dc > 180) dc -= 360;
  if (dc < -180) dc += 360;
  return { lon: mix(track.lon), lat: mix(track.lat), speedKmh: mix(track.speedKmh), course: (c0 + dc * f + 360) % 360, index: i };
}

export interface Stop {
  /** Offsets from the trip start, ms. */
  startT: number;
  endT: number;
  lat: number;
  lon: number;
}

/** Stretches standing still for at least `minMs`, in order (a trip's parking at its end is not in the track). */
export function findStops(track: TrackColumns, minMs = minStopMs): Stop[] {
  const stops: Stop[] = [];
  let from = -1;
  const close = (end: number) => {
    if (from < 0) return;
    const startT = track.t[from] ?? 0;
    const endT = track.t[end] ?? startT;
    if (endT - startT >= minMs) stops.push({ startT, endT, lat: track.lat[from] ?? 0, lon: track.lon[from] ?? 0 });
    from = -1;
  };
  for (let i = 0; i < track.t.length; i++) {
    if ((track.speedKmh[i] ?? 0) < standingKmh) {
      if (from < 0) from = i;
    } else close(i);
  }
  close(track.t.length - 1);
  return stops;
}

/** [west, south, east, north] of the track, or null when it has no points. */
export function trackBounds(track: Pick<TrackColumns, 'lat' | 'lon'>): [number, number, number, number] | null {
  if (track.lat.length === 0) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (let i = 0; i < track.lat.length; i++) {
    const lat = track.lat[i] ?? 0;
    const lon = track.lon[i] ?? 0;
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

/** Coordinates of the track up to `time` (played part) with the interpolated head appended. */
export function playedPath(track: TrackColumns, time: number): [number, number][] {
  const head = positionAt(track, time);
  if (!head) return [];
  const out: [number, number][] = [];
  for (let k = 0; k <= head.index; k++) out.push([track.lon[k] ?? 0, track.lat[k] ?? 0]);
  out.push([head.lon, head.lat]);
  return out;
}

/** The replay speeds offered (× real time). */
export const replaySpeeds = [1, 2, 4, 8, 16, 32, 64] as const;
export type ReplaySpeed = (typeof replaySpeeds)[number];

/** "1 h 05 min", "12 min", "45 s" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
