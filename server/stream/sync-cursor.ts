import type { DbSession } from '../db/fleet-db.ts';
import { ApiError } from '../http/api-error.ts';
import { strictBase64url } from '../http/base64url.ts';

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
const maxXid = 2n ** 64n - 1n;
/** A transaction id as PostgreSQL's xid8 takes it: digits, at most 2^64 − 1 (S4: more was a 500). */
const isXid = (text: string) => xidPattern.test(text) && BigInt(text) <= maxXid;
/** Keyset keys of time-ordered lists: what PostgreSQL's timestamptz::text or toISOString() wrote. */
const timeKey = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:\d{2})?)$/;
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
  if (parts.length === 1 && isXid(since)) {
    const top = await db.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    range = { fromXid: since, toXid: top.rows[0]?.xmin ?? since, afterXid: '0', afterId: zeroUuid };
  } else if (parts.length === 4 && parts.slice(0, 3).every(isXid) && uuidPattern.test(parts[3] ?? '')) {
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
  if (!isXid(since) || nextCursor === null) return [];
  const to = nextCursor.split(':')[1] ?? nextCursor;
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM monitoring_tombstones WHERE kind = $1 AND changed_xid >= $2::xid8 AND changed_xid < $3::xid8',
    [kind, since, to],
  );
  return rows.rows.map((r) => r.id);
}

/**
 * Keyset paging in a fixed order: cursor = base64url of [key, id] of the last row. `keyKind`
 * says what the key is, so a forged cursor is refused here (400) rather than by PostgreSQL (500).
 */
export async function pageAfter<T>(
  cursor: string | undefined,
  limit: number,
  keyKind: 'time' | 'text',
  fetch: (after: { key: string; id: string } | null) => Promise<{ item: T; key: string; id: string }[]>,
): Promise<SyncPage<T>> {
  let after: { key: string; id: string } | null = null;
  if (cursor !== undefined) {
    after = decodeKeyset(cursor, keyKind);
    if (!after) throw badCursor('cursor');
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

/** [key, id] from a keyset cursor we wrote, or null for anything else. */
export function decodeKeyset(cursor: string, keyKind: 'time' | 'text'): { key: string; id: string } | null {
  const bytes = strictBase64url(cursor);
  if (!bytes) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [key, id] = value as unknown[];
  if (typeof key !== 'string' || typeof id !== 'string' || !uuidPattern.test(id) || key.includes('\u0000') || key.length > 500) return null;
  if (keyKind === 'time' && !(timeKey.test(key) && Number.isFinite(Date.parse(key.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))))) return null;
  return { key, id };
}
