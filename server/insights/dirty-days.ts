import { daysBetween, localDay } from '../../contract/time/local-day.ts';
import type { DbSession } from '../db/fleet-db.ts';

/** A vehicle's day whose figures must be computed again. */
export interface DirtyDay {
  deviceId: string;
  day: string;
}

/**
 * Marks days dirty, one statement for the whole list. ON CONFLICT … DO UPDATE … WHERE false
 * writes nothing when the mark exists, but locks it until this transaction ends: the job takes
 * marks with FOR UPDATE SKIP LOCKED, so it can never consume a mark (and compute the day) while
 * a transaction that relies on that mark has not committed its fixes yet (decision 0150).
 */
export async function markDirtyDays(db: DbSession, marks: readonly DirtyDay[]): Promise<void> {
  if (marks.length === 0) return;
  await db.query({
    name: 'insights_mark_dirty_days',
    text: `INSERT INTO insights_dirty_days (tenant_id, device_id, day)
           SELECT app_current_tenant(), x.d, x.day FROM unnest($1::uuid[], $2::date[]) AS x(d, day)
           ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET marked_at = insights_dirty_days.marked_at WHERE false`,
    values: [marks.map((m) => m.deviceId), marks.map((m) => m.day)],
  });
}

/** The longest period one change may mark (an assignment open for years marks its last ~13 months). */
const maxMarkedDays = 400;

/**
 * Marks every day of each [from, to) period (to null: until now) of a vehicle: a driver
 * assignment changed there, so the days' split between drivers changes.
 */
export async function markAssignmentDays(db: DbSession, periods: readonly { deviceId: string; from: number; to: number | null }[], timeZone: string, now = Date.now()): Promise<void> {
  const marks: DirtyDay[] = [];
  for (const p of periods) {
    const end = Math.min(p.to ?? now, now);
    if (end < p.from) continue;
    const first = localDay(Math.max(p.from, end - maxMarkedDays * 86_400_000), timeZone);
    for (const day of daysBetween(first, localDay(end, timeZone), maxMarkedDays + 1)) marks.push({ deviceId: p.deviceId, day });
  }
  const unique = new Map(marks.map((m) => [`${m.deviceId}|${m.day}`, m]));
  await markDirtyDays(db, [...unique.values()]);
}
