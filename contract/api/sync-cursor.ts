import { Type } from 'typebox';

/**
 * Incremental sync, shared by every monitoring list (positions/latest, trips, alerts,
 * geofences, device health). A client passes `since=<cursor>` from its previous answer and gets
 * every item created or changed after that point, plus `removedIds` for items deleted or
 * recomputed away, and a `nextCursor` to store. Cursors are opaque strings; never build one.
 *
 * The first sync passes `since=0` (everything so far).
 *
 * Without `since`, lists page with `cursor` (the `nextCursor` of the previous page) in their
 * natural order. With `since`, `nextCursor` is always set: it is the cursor to sync from next
 * time, and `hasMore` tells whether to ask again right away.
 */
export const SyncCursor = Type.String({ minLength: 1, maxLength: 200, description: 'Opaque cursor from a previous answer.' });

export const SyncQueryFields = {
  since: Type.Optional(SyncCursor),
  cursor: Type.Optional(SyncCursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
};

export const SyncResponseFields = {
  /** Opaque; null only when paging (no `since`) has reached the end. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** True when more items are waiting: ask again with `nextCursor` right away. */
  hasMore: Type.Boolean(),
  /** With `since`: ids of items deleted (or trips recomputed away) since that cursor. */
  removedIds: Type.Optional(Type.Array(Type.String())),
};
