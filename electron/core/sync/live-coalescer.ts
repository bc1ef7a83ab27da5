import type { DeviceStatus } from '../../../contract/api/devices.ts';
import type { LivePosition } from '../../../contract/stream/messages.ts';
import { emptyColumns, statusFromFix, type PositionColumns } from '../cache/positions-store.ts';

/**
 * Collects live fixes between flushes, keeping only the newest per device: the map needs where
 * a vehicle is now, not every hop it made in the last 250 ms.
 */
export class LiveCoalescer {
  readonly #latest = new Map<string, { p: LivePosition; status: DeviceStatus }>();
  #seq = 0;

  add(positions: LivePosition[], seq: number): void {
    for (const p of positions) {
      const previous = this.#latest.get(p.deviceId);
      if (previous && previous.p.fixTime > p.fixTime) continue;
      this.#latest.set(p.deviceId, { p, status: statusFromFix(p.speedKmh, p.ignition) });
    }
    this.#seq = Math.max(this.#seq, seq);
  }

  get size(): number {
    return this.#latest.size;
  }

  /** Takes what was collected as columns, and the newest seq it covers. */
  take(): { columns: PositionColumns; seq: number } {
    const columns = emptyColumns();
    for (const { p, status } of this.#latest.values()) {
      columns.deviceIds.push(p.deviceId);
      columns.longitudes.push(p.longitude);
      columns.latitudes.push(p.latitude);
      columns.speedsKmh.push(p.speedKmh);
      columns.courses.push(p.course);
      columns.fixTimes.push(p.fixTime);
      columns.statuses.push(status);
    }
    this.#latest.clear();
    return { columns, seq: this.#seq };
  }
}
