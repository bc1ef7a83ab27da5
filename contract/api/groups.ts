import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';

/** A department or depot: partitions a tenant's vehicles and scopes its dispatchers. */
export const Group = Type.Object({
  id: Uuid,
  name: Type.String(),
  deviceCount: Type.Integer({ minimum: 0 }),
  createdAt: IsoDateTime,
});
export type Group = Static<typeof Group>;

export const groupSortFields = ['name', 'createdAt'] as const;
export const GroupListQuery = ListQuery(groupSortFields, {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches the name.' })),
});
export type GroupListQuery = Static<typeof GroupListQuery>;
export const GroupList = Page(Group);
export type GroupList = Static<typeof GroupList>;

export const GroupInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type GroupInput = Static<typeof GroupInput>;
