import { Type, type Static, type TSchema } from 'typebox';

/**
 * Offset paging's start. Bounded: PostgreSQL's OFFSET is a bigint, and a larger number used to
 * reach it and fail (500) instead of being refused here (400).
 */
export const PageOffset = Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 });

/** Optimistic-concurrency versions: int4 columns. */
export const ExpectedVersion = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/**
 * The query every list endpoint takes: paging plus a sort field picked from a fixed set.
 * Extra filters are merged in per endpoint; unknown parameters are rejected by name.
 */
export function ListQuery<const Sort extends readonly string[], Extra extends Record<string, TSchema>>(sortFields: Sort, extra: Extra) {
  return Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
      offset: Type.Optional(PageOffset),
      sort: Type.Optional(Type.Enum(sortFields)),
      order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
      ...extra,
    },
    { additionalProperties: false },
  );
}

/** A page of a list: the items, the total matching the filters, and the window asked for. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
export type SortOrder = Static<typeof SortOrder>;

/** `{ id }` path parameter of every single-object route. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;
