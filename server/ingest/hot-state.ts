import type { DeviceState } from './device-state-store.ts';
import { QuietQueue } from './quiet-queue.ts';

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
  /** Server time this process last judged a new fix of the device. */
  judgedAt: number | null;
  /** Server time between its last two judged new fixes: how often it reports, as seen here. */
  gapMs: number | null;
}

/**
 * A lagging device counts as quiet (and gets its list and open trip written) once it has sent
 * nothing for twice its own reporting gap — never sooner than the pipeline's quiet interval, never
 * later than this. With a fixed 2.5 s, a unit reporting every 10 s, or every unit of a server that
 * had fallen behind, looked quiet after every fix, and each fix cost three more writes: behind, the
 * server then fell further behind (decision 0285).
 */
const maxQuietMs = 30_000;

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
   * Devices whose device-list columns or open trip row lag their state (both are written at most
   * every 30 s while fixes flow), by when they count as quiet. Once a device is quiet they are
   * written (R3/R4, decision 0112).
   */
  private readonly lagging = new QuietQueue();
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
      this.trackLag(this.put(tenantId, state, xid, false, marks, now), now);
      this.dirtySince.delete(state.deviceId);
    }
    for (const state of judged) {
      const before = this.entries.get(state.deviceId);
      if (!before) continue; // forgotten meanwhile (a race round): the stored row is the truth
      this.trackLag(this.put(tenantId, state, before.xid, true, marks, now), now);
      if (!this.dirtySince.has(state.deviceId)) this.dirtySince.set(state.deviceId, now);
    }
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxDevices) break;
      if (!entry.dirty && !this.lagging.has(id)) this.entries.delete(id);
    }
  }

  private trackLag(entry: HotEntry, now: number): void {
    const id = entry.state.deviceId;
    if (!lags(entry)) {
      this.lagging.delete(id);
      return;
    }
    // A checkpoint that wrote only the state (no new fix: judgedAt is older) leaves the device as
    // quiet as it was; a new fix starts its quiet time again: twice its reporting gap, at most
    // maxQuietMs (and never before the caller's quiet interval: see `due`).
    if (this.lagging.has(id) && entry.judgedAt !== now) return;
    this.lagging.schedule(id, now, entry.gapMs === null ? now : now + Math.min(2 * entry.gapMs, maxQuietMs));
  }

  /** Whether the entry has anything the database does not: its state, its list columns, its open trip. */
  needsCheckpoint(deviceId: string): boolean {
    const entry = this.entries.get(deviceId);
    return entry !== undefined && (entry.dirty || lags(entry));
  }

  private put(tenantId: string, state: DeviceState, xid: string, dirty: boolean, marks: WriteMarks, now: number): HotEntry {
    const before = this.entries.get(state.deviceId);
    this.entries.delete(state.deviceId); // re-insert: Map order = least recently judged first
    const tripId = state.tripState?.trip?.id;
    const kept = tripId !== undefined && before?.state.tripState?.trip?.id === tripId ? before.openTripWrittenT : null;
    const tripWritten = marks.openTripWrittenT.has(state.deviceId);
    // A new fix judged (not only a checkpoint of the same state): the device reported.
    const reported = before === undefined || before.state.fixTime !== state.fixTime;
    const lastJudged = before?.judgedAt ?? null;
    const entry: HotEntry = {
      tenantId, state, xid, dirty,
      openTripWrittenT: marks.openTripWrittenT.get(state.deviceId) ?? kept,
      openTripPoints: tripWritten ? (state.tripState?.trip?.points ?? null) : kept !== null ? (before?.openTripPoints ?? null) : null,
      listWrittenAt: marks.listWrittenAt.get(state.deviceId) ?? before?.listWrittenAt ?? null,
      listFixTime: marks.listWrittenAt.has(state.deviceId) ? state.fixTime : (before?.listFixTime ?? null),
      judgedAt: reported ? now : (before?.judgedAt ?? null),
      gapMs: reported && lastJudged !== null ? now - lastJudged : (before?.gapMs ?? null),
    };
    this.entries.set(state.deviceId, entry);
    return entry;
  }

  /**
   * Devices to checkpoint now, with their tenant: lagging ones last active at or before
   * `quietBefore` that have also been quiet for twice their reporting gap at `now` (at most
   * `maxQuietMs`; `quiet`: their list and open trip are due too), then dirty ones that became dirty
   * at or before `dirtyBefore` (oldest first).
   */
  *due(dirtyBefore: number, quietBefore: number = dirtyBefore, now: number = quietBefore): Generator<{ deviceId: string; tenantId: string; quiet: boolean }> {
    const quiet = new Set<string>();
    for (const deviceId of this.lagging.due(now, quietBefore)) {
      const entry = this.entries.get(deviceId);
      if (!entry) continue;
      quiet.add(deviceId);
      yield { deviceId, tenantId: entry.tenantId, quiet: true };
    }
    for (const [deviceId, since] of this.dirtySince) {
      if (since > dirtyBefore) break;
      const entry = this.entries.get(deviceId);
      if (entry && !quiet.has(deviceId)) yield { deviceId, tenantId: entry.tenantId, quiet: false };
    }
  }

  get dirtyCount(): number {
    return this.dirtySince.size;
  }

  forget(deviceIds: Iterable<string>): void {
    for (const id of deviceIds) {
      this.entries.delete(id);
      this.dirtySince.delete(id);
      this.lagging.delete(id);
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
