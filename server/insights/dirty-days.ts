import { daysBetween, localDay } from '../../contract/time/local-day.ts';
import type { DbSession } from '../db/fleet-db.ts';

/** A vehicle's day whose figures must be computed again. */
export interface DirtyDay {
  deviceId: string;
  day: string;
  /**
   * The oldest new fix (ms): the job folds on from the day's kept state when every fix up to
   * there was already folded (decision 0290). null: the whole day is computed again (a driver
   * assignment changed).
   */
  firstFix: number | null;
}

/**
 * Marks days dirty, one statement for the whole list. When the mark exists, ON CONFLICT … DO
 * UPDATE only moves its oldest fix back (a whole-day mark, NULL, stays one); fixes arriving in
 * order change nothing, so the WHERE is false and nothing is written. Either way the mark stays
 * locked until this transaction ends: the job takes marks with FOR UPDATE SKIP LOCKED, so it can
 * never consume a mark (and compute the day) while a transaction that relies on that mark has
 * not committed its fixes yet (decision 0150).
 */
export async function markDirtyDays(db: DbSession, marks: readonly DirtyDay[]): Promise<void> {
  if (marks.length === 0) return;
  await db.query({
    name: 'insights_mark_dirty_days',
    text: `INSERT INTO insights_dirty_days AS m (tenant_id, device_id, day, first_fix)
           SELECT app_current_tenant(), x.d, x.day, to_timestamp(x.first / 1000.0) FROM unnest($1::uuid[], $2::date[], $3::float8[]) AS x(d, day, first)
           ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET first_fix = excluded.first_fix
             WHERE m.first_fix IS NOT NULL AND (excluded.first_fix IS NULL OR excluded.first_fix < m.first_fix)`,
    values: [marks.map((m) => m.deviceId), marks.map((m) => m.day), marks.map((m) => m.firstFix)],
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
    for (const day of daysBetween(first, localDay(end, timeZone), maxMarkedDays + 1)) marks.push({ deviceId: p.deviceId, day, firstFix: null });
  }
  const unique = new Map(marks.map((m) => [`${m.deviceId}|${m.day}`, m]));
  await markDirtyDays(db, [...unique.values()]);
}
