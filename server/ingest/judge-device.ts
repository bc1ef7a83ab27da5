import type { TripWrite } from '../trips/trip-store.ts';
import { deviceOutcome, type DeviceOutcome, type TenantContext } from './device-outcome.ts';
import type { DeviceState } from './device-state-store.ts';
import type { HotEntry } from './hot-state.ts';
import type { ResolvedReport } from './report.ts';
import type { StoredFix } from './stored-fixes.ts';

/**
 * An open trip row is rewritten at most this often (device time) while it runs: the trip's
 * state machine lives in the device state, so nothing is lost; the row is what lists show, and
 * it is written at once when a trip starts, closes or is recomputed. Rewriting it on every fix
 * cost a quarter of ingest (decision 0020).
 */
export const openTripWriteEveryMs = 30_000;

/** What a device's judgement starts from: its state, the row version it continues, and the gap. */
export interface Base {
  state: DeviceState | undefined;
  /** xid of the stored row the state continues; null = no row yet. */
  xid: string | null;
  /** Stored fixes the state does not include yet (write-behind or another instance's). */
  replay: readonly StoredFix[];
  /** Read from device_state in this transaction (locked): its write costs no extra round. */
  fromStore: boolean;
}

/**
 * A device's outcome from its base: first the stored fixes the base lacks (replayed: they
 * were received earlier, so they change neither `online` nor the live stream), then the new
 * fixes. Null when there is nothing to judge (no state and no fixes).
 */
export function judgeDevice(deviceId: string, base: Base, fresh: readonly ResolvedReport[], ctx: TenantContext, now: number): DeviceOutcome | null {
  let prev = base.state;
  let replayed: DeviceOutcome | null = null;
  if (base.replay.length > 0) {
    replayed = deviceOutcome(deviceId, prev, base.replay, ctx, now);
    replayed.state.online = prev?.online ?? true;
    replayed.state.lastSeenAt = Math.max(prev?.lastSeenAt ?? 0, ...base.replay.map((f) => f.serverTime));
    prev = replayed.state;
  }
  if (fresh.length === 0) {
    if (!prev) return null;
    // Replayed suspect fixes were flagged when they were stored.
    return replayed ? { ...replayed, live: [], backOnline: false, suspect: [] } : unchanged(prev);
  }
  const outcome = deviceOutcome(deviceId, prev, fresh, ctx, now);
  return replayed ? merged(replayed, outcome) : outcome;
}

function unchanged(state: DeviceState): DeviceOutcome {
  return { state, tripWrites: [], tripDrops: [], lateFrom: null, signals: [], crossings: [], live: [], backOnline: false, suspect: [] };
}

/** Replay then fresh: the later write of a trip wins; a trip the fresh fixes dropped is not written. */
function merged(replayed: DeviceOutcome, fresh: DeviceOutcome): DeviceOutcome {
  const writes = new Map<string, TripWrite>();
  for (const w of [...replayed.tripWrites, ...fresh.tripWrites]) writes.set(w.trip.id, w);
  for (const id of fresh.tripDrops) writes.delete(id);
  return {
    ...fresh,
    tripWrites: [...writes.values()],
    tripDrops: [...replayed.tripDrops, ...fresh.tripDrops],
    signals: [...replayed.signals, ...fresh.signals],
    crossings: [...replayed.crossings, ...fresh.crossings],
  };
}

/** The trip rows this outcome must write now: closed ones always, an open one when new or due. */
export function tripWritesDue(outcome: DeviceOutcome, entry: HotEntry | undefined): TripWrite[] {
  return outcome.tripWrites.filter((w) => {
    if (w.status !== 'open') return true;
    const lastT = entry?.state.tripState?.trip?.id === w.trip.id ? entry.openTripWrittenT : null;
    return lastT === null || w.trip.endT - lastT >= openTripWriteEveryMs;
  });
}

/**
 * Whether the state must be written in this batch rather than left to the checkpoint: anything
 * besides a new position (an alert signal, a geofence crossing, a trip row, late data, back online) is only written
 * together with the state it came from, under the row-version check. That check is what makes a
 * stale copy (another instance wrote the device) start over from the stored row.
 */
export function mustWriteNow(outcome: DeviceOutcome, dueTrips: readonly TripWrite[]): boolean {
  return outcome.signals.length > 0 || outcome.crossings.length > 0 || outcome.tripDrops.length > 0 || dueTrips.length > 0 || outcome.lateFrom !== null || outcome.backOnline;
}
