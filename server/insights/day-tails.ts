import type { DbSession } from '../db/fleet-db.ts';
import type { FoldState } from './daily-figures.ts';
import type { DirtyDay } from './dirty-days.ts';

/** Where the fold of one vehicle-day stands (migration 125, decision 0290). */
export interface DayTail {
  deviceId: string;
  day: string;
  /** The figure rules it was folded under (JSON). */
  rules: string;
  /** The newest fix folded (ms). */
  lastFix: number;
  /** The newest fix before the last round's (ms); null: that round read the day from midnight. */
  roundFrom: number | null;
  /** Fixes the last round folded, in (roundFrom, lastFix]. */
  roundFixes: number;
  state: FoldState;
}

/** The stored fixes the figures count: a fix judged suspect at ingest counts for nothing. */
export const countedFix = "(attributes IS NULL OR attributes->>'suspect' IS NULL)";

const key = (deviceId: string, day: string) => `${deviceId}|${day}`;

/** The kept tails of these vehicle-days, by `deviceId|day`. */
export async function readTails(db: DbSession, days: readonly DirtyDay[]): Promise<Map<string, DayTail>> {
  const rows = await db.query<DayTail>(
    `SELECT device_id AS "deviceId", to_char(day, 'YYYY-MM-DD') AS day, rules, round(extract(epoch FROM last_fix) * 1000)::float8 AS "lastFix",
            round(extract(epoch FROM round_from) * 1000)::float8 AS "roundFrom", round_fixes AS "roundFixes", state
       FROM insights_day_tails WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))`,
    [days.map((d) => d.deviceId), days.map((d) => d.day)],
  );
  return new Map(rows.rows.map((t) => [key(t.deviceId, t.day), t]));
}

export const tailOf = (tails: ReadonlyMap<string, DayTail>, mark: DirtyDay) => tails.get(key(mark.deviceId, mark.day));

/**
 * Whether the day can be folded on from `tail` for `mark`: every fix the mark stands for is newer
 * than the tail's newest, or the only older ones are those the last round already folded — a
 * round reads every fix committed by then, including some whose marks were taken later, so the
 * next mark may start inside the last round's stretch. Counting that stretch again tells those
 * apart from late data: a late fix there makes the count larger (fixes are never removed).
 */
export async function foldsOn(db: DbSession, tail: DayTail, mark: DirtyDay, rules: string, dayStart: number): Promise<boolean> {
  if (mark.firstFix === null || tail.rules !== rules) return false;
  if (mark.firstFix > tail.lastFix) return true;
  const from = tail.roundFrom ?? dayStart - 1;
  if (mark.firstFix <= from) return false;
  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM positions
      WHERE device_id = $1 AND fix_time > to_timestamp($2 / 1000.0) AND fix_time <= to_timestamp($3 / 1000.0) AND ${countedFix}`,
    [mark.deviceId, from, tail.lastFix],
  );
  return counted.rows[0]?.n === tail.roundFixes;
}

/** Keeps the new tails and drops those of days that ended up with no fix. */
export async function writeTails(db: DbSession, tails: readonly DayTail[], emptied: readonly DirtyDay[]): Promise<void> {
  if (emptied.length > 0) {
    await db.query('DELETE FROM insights_day_tails WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))', [emptied.map((d) => d.deviceId), emptied.map((d) => d.day)]);
  }
  if (tails.length === 0) return;
  await db.query(
    `INSERT INTO insights_day_tails AS t (tenant_id, device_id, day, rules, last_fix, round_from, round_fixes, state)
     SELECT app_current_tenant(), x."deviceId", x.day, x.rules, to_timestamp(x."lastFix" / 1000.0), to_timestamp(x."roundFrom" / 1000.0), x."roundFixes", x.state
       FROM jsonb_to_recordset($1::jsonb) AS x("deviceId" uuid, day date, rules text, "lastFix" float8, "roundFrom" float8, "roundFixes" int, state jsonb)
     ON CONFLICT (tenant_id, device_id, day) DO UPDATE SET rules = excluded.rules, last_fix = excluded.last_fix, round_from = excluded.round_from,
            round_fixes = excluded.round_fixes, state = excluded.state`,
    [JSON.stringify(tails)],
  );
}
