import type { DeviceState, VersionedState } from './device-state-store.ts';

interface HotEntry extends VersionedState {
  /** Device time of the open trip as last written to the trips table (throttles those writes). */
  openTripWrittenT: number | null;
  /** Server time the devices table's last-fix columns were last written (throttles those). */
  listWrittenAt: number | null;
}

/** What a batch wrote besides device_state, per device (absent: not written this time). */
export interface WriteMarks {
  openTripWrittenT: ReadonlyMap<string, number>;
  listWrittenAt: ReadonlyMap<string, number>;
}

/**
 * This process's copy of each device's latest state, tagged with the transaction id (xid8)
 * that wrote it. It saves reading device_state back on every batch; it is never trusted
 * blindly: a batch writes a device's new state only WHERE the stored row still carries that
 * xid (see writeStates). If another instance (or the offline sweep) wrote the device in
 * between, the write matches nothing and the device is redone from the locked stored row.
 * So several instances may ingest for one device: each is correct, the owner is just fastest.
 *
 * Entries change only after the transaction that wrote them committed (`commit`); a rolled
 * back batch leaves the cache as it was (its xid never becomes visible, so stale entries
 * simply mismatch next time).
 */
export class HotStateCache {
  private readonly entries = new Map<string, HotEntry>();
  private readonly maxDevices: number;

  constructor(options: { maxDevices?: number } = {}) {
    // ~2 kB per device: 200k devices ≈ 400 MB would be too much for one process, so older
    // entries are dropped past this (they are re-read from device_state when they report).
    this.maxDevices = options.maxDevices ?? 100_000;
  }

  get(deviceId: string): HotEntry | undefined {
    return this.entries.get(deviceId);
  }

  /** After commit: these states were written by transaction `xid`. */
  commit(states: readonly DeviceState[], xid: string, marks: WriteMarks): void {
    for (const state of states) {
      const before = this.entries.get(state.deviceId);
      this.entries.delete(state.deviceId); // re-insert: Map order = least recently written first
      const tripId = state.tripState?.trip?.id;
      const kept = tripId !== undefined && before?.state.tripState?.trip?.id === tripId ? before.openTripWrittenT : null;
      this.entries.set(state.deviceId, {
        state, xid,
        openTripWrittenT: marks.openTripWrittenT.get(state.deviceId) ?? kept,
        listWrittenAt: marks.listWrittenAt.get(state.deviceId) ?? before?.listWrittenAt ?? null,
      });
    }
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxDevices) break;
      this.entries.delete(id);
    }
  }

  forget(deviceIds: Iterable<string>): void {
    for (const id of deviceIds) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
