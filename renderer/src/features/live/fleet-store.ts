import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import { toMercator } from './mercator.ts';

/** Numeric status codes shared with the map's shader (index = code). */
export const statusOrder = ['moving', 'idle', 'stopped', 'offline', 'unknown'] as const satisfies readonly DeviceStatus[];
const statusCode: Record<DeviceStatus, number> = { moving: 0, idle: 1, stopped: 2, offline: 3, unknown: 4 };

/**
 * One second (or less) of live positions, columnar like the engine's `onLivePositions` event.
 * Column i of every array describes device `deviceIds[i]`.
 */
export interface LivePositionColumns {
  deviceIds: readonly string[];
  longitudes: ArrayLike<number>;
  latitudes: ArrayLike<number>;
  speedsKmh: ArrayLike<number>;
  courses: ArrayLike<number>;
  /** Epoch milliseconds. */
  fixTimes: ArrayLike<number>;
  statuses: readonly DeviceStatus[];
}

/** How long a vehicle glides from its previous to its new position (ms). */
export const glideMs = 900;

/**
 * The hot store of live vehicle state (STYLE.md principle 6): columnar typed arrays fed outside
 * React, one slot per vehicle, so a second of updates for 10k vehicles is a loop over numbers with
 * no object allocation and no React render. The map layer reads the arrays directly; React reads
 * through `useFleetSnapshot`, throttled.
 *
 * Positions are kept in Web Mercator (0..1) because that is what the GPU draws; the previous
 * position and the time the move started let the shader glide vehicles smoothly.
 */
export class FleetStore {
  ids: string[] = [];
  /** Vehicle names by index, for map labels. */
  names: string[] = [];
  private index = new Map<string, number>();
  count = 0;
  /** Mercator position the vehicle is gliding to, and where it glides from. */
  x = new Float64Array(0);
  y = new Float64Array(0);
  fromX = new Float64Array(0);
  fromY = new Float64Array(0);
  /** performance.now() when the current glide started. */
  moveStart = new Float64Array(0);
  course = new Float32Array(0);
  speed = new Float32Array(0);
  fixTime = new Float64Array(0);
  status = new Uint8Array(0);
  /** 1 where the vehicle has an open alert. */
  alerting = new Uint8Array(0);
  /** 1 where the vehicle has a position at all. */
  located = new Uint8Array(0);
  /**
   * 1 where the map draws the vehicle: all of them, unless the list's filter narrows the map too
   * (setMapFilter). The selected vehicle is drawn even when filtered out: someone asked for it.
   */
  onMap = new Uint8Array(0);
  /** How many located vehicles the map filter hides. */
  hiddenOnMap = 0;
  private mapFilter: ReadonlySet<string> | null = null;
  /** Bumps on any change; `layoutVersion` only when the set of vehicles changes. */
  version = 0;
  layoutVersion = 0;
  /** Bumps when the map filter changes what is drawn (someone filtered the list: the map answers at once). */
  filterVersion = 0;
  private listeners = new Set<() => void>();
  private notifyScheduled = false;

  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** Replaces the whole fleet (workspace opened, snapshot or device list reloaded). */
  setDevices(devices: readonly Device[], now = performance.now()): void {
    const n = devices.length;
    this.ids = devices.map((d) => d.id);
    this.names = devices.map((d) => d.name);
    this.index = new Map(this.ids.map((id, i) => [id, i]));
    this.count = n;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.fromX = new Float64Array(n);
    this.fromY = new Float64Array(n);
    this.moveStart = new Float64Array(n);
    this.course = new Float32Array(n);
    this.speed = new Float32Array(n);
    this.fixTime = new Float64Array(n);
    this.status = new Uint8Array(n);
    this.alerting = new Uint8Array(n);
    this.located = new Uint8Array(n);
    this.onMap = new Uint8Array(n);
    devices.forEach((device, i) => {
      this.status[i] = statusCode[device.status];
      const p = device.position;
      if (!p) return;
      const [mx, my] = toMercator(p.longitude, p.latitude);
      this.x[i] = this.fromX[i] = mx;
      this.y[i] = this.fromY[i] = my;
      this.moveStart[i] = now - glideMs;
      this.course[i] = p.course;
      this.speed[i] = p.speedKmh;
      this.fixTime[i] = Date.parse(p.fixTime);
      this.located[i] = 1;
    });
    // A reloaded fleet keeps the filter: the list's filter did not change because the data did.
    this.fillMapFilter();
    this.layoutVersion++;
    this.changed();
  }

  /**
   * Draws only these vehicles on the map (null: all of them). Returns whether anything changed, so
   * a list that re-filters every second with the same result costs the map nothing.
   */
  setMapFilter(ids: ReadonlySet<string> | null): boolean {
    const before = this.onMap.slice();
    this.mapFilter = ids;
    this.fillMapFilter();
    for (let i = 0; i < this.count; i++) {
      if (before[i] !== this.onMap[i]) {
        this.filterVersion++;
        this.changed();
        return true;
      }
    }
    return false;
  }

  private fillMapFilter(): void {
    const filter = this.mapFilter;
    let hidden = 0;
    for (let i = 0; i < this.count; i++) {
      const shown = filter === null || filter.has(this.ids[i] ?? '') ? 1 : 0;
      this.onMap[i] = shown;
      if (!shown && this.located[i]) hidden++;
    }
    this.hiddenOnMap = hidden;
  }

  /**
   * Applies a batch of live positions. Unknown ids are skipped (they arrive with the next device
   * list); stale fixes (older than what we have) are ignored so out-of-order batches cannot move
   * a vehicle backwards. Returns how many vehicles moved.
   */
  applyPositions(batch: LivePositionColumns, now = performance.now()): number {
    let applied = 0;
    const n = batch.deviceIds.length;
    for (let k = 0; k < n; k++) {
      const i = this.index.get(batch.deviceIds[k] ?? '');
      if (i === undefined) continue;
      const fix = batch.fixTimes[k] ?? 0;
      if (fix < (this.fixTime[i] ?? 0)) continue;
      // Start the glide from wherever the vehicle is drawn right now, so a new fix mid-glide
      // does not make it jump.
      const [cx, cy] = this.positionAt(i, now);
      this.fromX[i] = cx;
      this.fromY[i] = cy;
      const [mx, my] = toMercator(batch.longitudes[k] ?? 0, batch.latitudes[k] ?? 0);
      this.x[i] = mx;
      this.y[i] = my;
      this.moveStart[i] = this.located[i] ? now : now - glideMs;
      this.course[i] = batch.courses[k] ?? 0;
      this.speed[i] = batch.speedsKmh[k] ?? 0;
      this.fixTime[i] = fix;
      this.status[i] = statusCode[batch.statuses[k] ?? 'unknown'];
      if (!this.located[i] && !this.onMap[i]) this.hiddenOnMap++;
      this.located[i] = 1;
      applied++;
    }
    if (applied > 0) this.changed();
    return applied;
  }

  /** Status changes without a fix (a vehicle went quiet or offline): the position stays. */
  applyStatuses(deviceIds: readonly string[], statuses: readonly DeviceStatus[]): number {
    let applied = 0;
    for (let k = 0; k < deviceIds.length; k++) {
      const i = this.index.get(deviceIds[k] ?? '');
      const code = statusCode[statuses[k] ?? 'unknown'];
      if (i === undefined || this.status[i] === code) continue;
      this.status[i] = code;
      applied++;
    }
    if (applied > 0) this.changed();
    return applied;
  }

  /** Marks which vehicles have open alerts (drawn with a red ring). */
  setAlerting(deviceIds: Iterable<string>): void {
    const next = new Uint8Array(this.alerting.length);
    for (const id of deviceIds) {
      const i = this.index.get(id);
      if (i !== undefined) next[i] = 1;
    }
    // Most alert updates (an acknowledgement, a note) leave the same vehicles alerting: then the
    // map is not told, so it neither re-uploads nor repaints (and places its labels again).
    if (next.every((v, i) => v === this.alerting[i])) return;
    this.alerting = next;
    this.changed();
  }

  /** Where vehicle i is drawn at `now` (mercator), mid-glide included. */
  positionAt(i: number, now: number): [number, number] {
    const t = Math.min(1, Math.max(0, (now - (this.moveStart[i] ?? 0)) / glideMs));
    const fx = this.fromX[i] ?? 0;
    const fy = this.fromY[i] ?? 0;
    return [fx + ((this.x[i] ?? 0) - fx) * t, fy + ((this.y[i] ?? 0) - fy) * t];
  }

  statusOf(i: number): DeviceStatus {
    return statusOrder[this.status[i] ?? 4] ?? 'unknown';
  }

  /**
   * Called at most once per microtask however many batches arrive in it. Bound, so it can be
   * handed to useSyncExternalStore as it is.
   */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private changed(): void {
    this.version++;
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}
