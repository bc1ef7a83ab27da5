import type { DbSession } from '../db/fleet-db.ts';
import { ApiError } from '../http/api-error.ts';

/** One answer of a list endpoint: items plus the cursor fields of contract/api/sync-cursor.ts. */
export interface SyncPage<T> {
  items: T[];
  nextCursor: string | null;
  hasMore: boolean;
}

export interface XidRange {
  fromXid: string;
  toXid: string;
  afterXid: string;
  afterId: string;
}

const zeroUuid = '00000000-0000-0000-0000-000000000000';
const xidPattern = /^\d{1,20}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function badCursor(field: string): ApiError {
  return new ApiError(400, 'invalid_input', `${field} is not a cursor this server issued; start again without it (or with since=0)`, { field, reason: 'cursor-unknown', params: { field } });
}

/**
 * "Changed since" sync over rows stamped with their writer's transaction id (changed_xid).
 * A window reads xids in [from, to) where `to` is the oldest transaction still running
 * (pg_snapshot_xmin), so every row in it is committed and none can appear later below `to`:
 * no row is skipped even when transactions commit out of order. `since=0` starts from the
 * beginning. Cursor: "from" for the next window, or "from:to:afterXid:afterId" mid-window.
 */
export async function syncWindow<T>(
  db: DbSession,
  since: string,
  limit: number,
  fetch: (range: XidRange) => Promise<{ item: T; xid: string; id: string }[]>,
): Promise<SyncPage<T>> {
  const parts = since.split(':');
  let range: XidRange;
  if (parts.length === 1 && xidPattern.test(since)) {
    const top = await db.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    range = { fromXid: since, toXid: top.rows[0]?.xmin ?? since, afterXid: '0', afterId: zeroUuid };
  } else if (parts.length === 4 && parts.slice(0, 3).every((p) => xidPattern.test(p)) && uuidPattern.test(parts[3] ?? '')) {
    const [fromXid = '', toXid = '', afterXid = '', afterId = ''] = parts;
    range = { fromXid, toXid, afterXid, afterId };
  } else {
    throw badCursor('since');
  }
  const rows = await fetch(range);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = hasMore && last ? `${range.fromXid}:${range.toXid}:${last.xid}:${last.id}` : range.toXid;
  return { items: page.map((r) => r.item), nextCursor, hasMore };
}

/** Ids of removed rows of `kind` in the same window (only on a window's first page). */
export async function removedSince(db: DbSession, kind: 'trip' | 'geofence', since: string, nextCursor: string | null): Promise<string[]> {
  if (!xidPattern.test(since) || nextCursor === null) return [];
  const to = nextCursor.split(':')[1] ?? nextCursor;
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM monitoring_tombstones WHERE kind = $1 AND changed_xid >= $2::xid8 AND changed_xid < $3::xid8',
    [kind, since, to],
  );
  return rows.rows.map((r) => r.id);
}

/** Keyset paging in a fixed order: cursor = base64url of [key, id] of the last row. */
export async function pageAfter<T>(
  cursor: string | undefined,
  limit: number,
  fetch: (after: { key: string; id: string } | null) => Promise<{ item: T; key: string; id: string }[]>,
): Promise<SyncPage<T>> {
  let after: { key: string; id: string } | null = null;
  if (cursor !== undefined) {
    try {
      const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string' || !uuidPattern.test(value[1])) throw new Error('shape');
      after = { key: value[0], id: value[1] };
    } catch {
      throw badCursor('cursor');
    }
  }
  const rows = await fetch(after);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => r.item),
    nextCursor: hasMore && last ? Buffer.from(JSON.stringify([last.key, last.id])).toString('base64url') : null,
    hasMore,
  };
}
