import type { RuleGeofence, VisitCrossing } from '../alerts/rules.ts';
import { insideShape } from '../../contract/geo/shape.ts';

/** A visit as stored: entered at the first fix inside, left at the first fix outside (null: still inside). */
export interface VisitRun {
  geofenceId: string;
  enteredAt: number;
  leftAt: number | null;
}

/** What one batch's crossings of one vehicle write: visits opened before it that close, and new visits. */
export interface VisitWrites {
  closes: { deviceId: string; geofenceId: string; at: number }[];
  opens: ({ deviceId: string } & VisitRun)[];
}

/**
 * Pairs each vehicle's crossings per geofence in time order: an exit with no entry before it in
 * the batch closes the visit that was open before; an entry starts a new visit, closed by the next
 * exit in the batch or left open. Pure (unit-tested); the store writes the result in two statements.
 */
export function visitWrites(batch: readonly { deviceId: string; crossings: readonly VisitCrossing[] }[]): VisitWrites {
  const writes: VisitWrites = { closes: [], opens: [] };
  for (const { deviceId, crossings } of batch) {
    const open = new Map<string, number>();
    for (const c of [...crossings].sort((a, b) => a.at - b.at)) {
      const entered = open.get(c.geofenceId);
      if (c.entered) {
        if (entered === undefined) open.set(c.geofenceId, c.at);
      } else if (entered !== undefined) {
        writes.opens.push({ deviceId, geofenceId: c.geofenceId, enteredAt: entered, leftAt: c.at });
        open.delete(c.geofenceId);
      } else writes.closes.push({ deviceId, geofenceId: c.geofenceId, at: c.at });
    }
    for (const [geofenceId, enteredAt] of open) writes.opens.push({ deviceId, geofenceId, enteredAt, leftAt: null });
  }
  return writes;
}

/**
 * The visits a vehicle's fixes make, judged as the rules judge them (contract/geo's containment,
 * each fix on its own): a run of consecutive fixes inside a geofence is one visit, from the first
 * fix inside to the first fix outside. `fixes` in time order; `fences` those of the vehicle's group.
 */
export function visitRuns(fixes: readonly { t: number; lat: number; lon: number }[], fences: readonly RuleGeofence[]): VisitRun[] {
  const runs: VisitRun[] = [];
  const open = new Map<string, VisitRun>();
  for (const fix of fixes) {
    for (const fence of fences) {
      const run = open.get(fence.id);
      const inside = insideShape(fix.lat, fix.lon, fence.shape);
      if (inside && !run) {
        const started = { geofenceId: fence.id, enteredAt: fix.t, leftAt: null };
        open.set(fence.id, started);
        runs.push(started);
      } else if (!inside && run) {
        run.leftAt = fix.t;
        open.delete(fence.id);
      }
    }
  }
  return runs;
}
