import type { DeviceState } from './device-state-store.ts';

export interface HotEntry {
  tenantId: string;
  /** The newest state this process judged (it may be ahead of the stored row: see `dirty`). */
  state: DeviceState;
  /** The xid of the stored row this state continues: the version a write must find. */
  xid: string;
  /** True when `state` includes fixes not yet written to device_state (write-behind). */
  dirty: boolean;
  /** Device time of the open trip as last written to the trips table (throttles those writes). */
  openTripWrittenT: number | null;
  /** Points of the open trip as last written to the trips table (with openTripWrittenT: is it current?). */
  openTripPoints: number | null;
  /** Server time the devices table's last-fix columns were last written (throttles those). */
  listWrittenAt: number | null;
  /** The fix time those columns were last written with (behind `state.fixTime`: the list lags). */
  listFixTime: number | null;
}

/** What a batch wrote besides device_state, per device (absent: not written this time). */
export interface WriteMarks {
  openTripWrittenT: ReadonlyMap<string, number>;
  listWrittenAt: ReadonlyMap<string, number>;
}

/**
 * This process's copy of each device's latest state, tagged with the transaction id (xid8) of
 * the stored row it continues. It saves reading device_state back on every batch, and it lets
 * plain fixes skip the device_state write (write-behind, decision 0020 round 3): a state with
 * unwritten fixes is `dirty` and is written within `IngestPipeline`'s checkpoint interval, or at
 * once when the device's fixes lead to anything besides a new position (an alert signal, a trip
 * row, late data, back online). Every write is checked: only WHERE the stored row still carries
 * `xid`. If another instance (or the offline sweep) wrote the device in between, the write
 * matches nothing, and the device is judged again from the stored row plus the positions stored
 * after it (replay). So several instances may ingest for one device; each is correct.
 *
 * Entries change only after the transaction that wrote them committed; a rolled-back batch
 * leaves the cache as it was.
 */
export class HotStateCache {
  private readonly entries = new Map<string, HotEntry>();
  /** deviceId → server time it first became dirty; Map order = oldest first. */
  private readonly dirtySince = new Map<string, number>();
  /**
   * deviceId → server time of its last judged fix, for devices whose device-list columns or open
   * trip row lag their state (both are written at most every 30 s while fixes flow); Map order =
   * least recently active first. Once a device is quiet they are written (R3/R4, decision 0112).
   */
  private readonly lagSince = new Map<string, number>();
  private readonly maxDevices: number;

  constructor(options: { maxDevices?: number } = {}) {
    // ~2 kB per device: 200k devices ≈ 400 MB would be too much for one process, so older
    // clean entries are dropped past this (they are re-read from device_state when they report).
    this.maxDevices = options.maxDevices ?? 100_000;
  }

  get(deviceId: string): HotEntry | undefined {
    return this.entries.get(deviceId);
  }

  /**
   * After commit. `written`: states stored by transaction `xid` (now clean). `judged`: states
   * computed from a current entry but not written (now dirty; they keep the xid they continue).
   */
  commit(tenantId: string, written: readonly DeviceState[], xid: string | null, judged: readonly DeviceState[], marks: WriteMarks, now: number): void {
    for (const state of written) {
      if (xid === null) break;
      this.trackLag(this.put(tenantId, state, xid, false, marks), now);
      this.dirtySince.delete(state.deviceId);
    }
    for (const state of judged) {
      const before = this.entries.get(state.deviceId);
      if (!before) continue; // forgotten meanwhile (a race round): the stored row is the truth
      this.trackLag(this.put(tenantId, state, before.xid, true, marks), now);
      if (!this.dirtySince.has(state.deviceId)) this.dirtySince.set(state.deviceId, now);
    }
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxDevices) break;
      if (!entry.dirty && !this.lagSince.has(id)) this.entries.delete(id);
    }
  }

  private trackLag(entry: HotEntry, now: number): void {
    const id = entry.state.deviceId;
    this.lagSince.delete(id); // re-inserted at the end: Map order = least recently active first
    if (lags(entry)) this.lagSince.set(id, now);
  }

  /** Whether the entry has anything the database does not: its state, its list columns, its open trip. */
  needsCheckpoint(deviceId: string): boolean {
    const entry = this.entries.get(deviceId);
    return entry !== undefined && (entry.dirty || lags(entry));
  }

  private put(tenantId: string, state: DeviceState, xid: string, dirty: boolean, marks: WriteMarks): HotEntry {
    const before = this.entries.get(state.deviceId);
    this.entries.delete(state.deviceId); // re-insert: Map order = least recently judged first
    const tripId = state.tripState?.trip?.id;
    const kept = tripId !== undefined && before?.state.tripState?.trip?.id === tripId ? before.openTripWrittenT : null;
    const tripWritten = marks.openTripWrittenT.has(state.deviceId);
    const entry: HotEntry = {
      tenantId, state, xid, dirty,
      openTripWrittenT: marks.openTripWrittenT.get(state.deviceId) ?? kept,
      openTripPoints: tripWritten ? (state.tripState?.trip?.points ?? null) : kept !== null ? (before?.openTripPoints ?? null) : null,
      listWrittenAt: marks.listWrittenAt.get(state.deviceId) ?? before?.listWrittenAt ?? null,
      listFixTime: marks.listWrittenAt.has(state.deviceId) ? state.fixTime : (before?.listFixTime ?? null),
    };
    this.entries.set(state.deviceId, entry);
    return entry;
  }

  /**
   * Devices to checkpoint now, with their tenant: dirty ones that became dirty at or before
   * `dirtyBefore` (oldest first), and lagging ones last active at or before `quietBefore`.
   */
  *due(dirtyBefore: number, quietBefore: number = dirtyBefore): Generator<{ deviceId: string; tenantId: string }> {
    const seen = new Set<string>();
    for (const [map, before] of [[this.dirtySince, dirtyBefore], [this.lagSince, quietBefore]] as const) {
      for (const [deviceId, since] of map) {
        if (since > before) break;
        const entry = this.entries.get(deviceId);
        if (entry && !seen.has(deviceId)) {
          seen.add(deviceId);
          yield { deviceId, tenantId: entry.tenantId };
        }
      }
    }
  }

  get dirtyCount(): number {
    return this.dirtySince.size;
  }

  forget(deviceIds: Iterable<string>): void {
    for (const id of deviceIds) {
      this.entries.delete(id);
      this.dirtySince.delete(id);
      this.lagSince.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The device list's columns or the open trip's row are behind the state (written at most every 30 s). */
function lags(entry: HotEntry): boolean {
  const trip = entry.state.tripState?.trip ?? null;
  if (entry.listFixTime !== entry.state.fixTime) return true;
  return trip !== null && (entry.openTripWrittenT !== trip.endT || entry.openTripPoints !== trip.points);
}
