import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';

/** One administrative change: who, when, what, and the object before and after. */
export const AuditEntry = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  tenantName: Type.String(),
  at: IsoDateTime,
  actor: Type.Object({ id: Type.Union([Uuid, Type.Null()]), name: Type.String(), tenantId: Uuid }),
  /** e.g. users.create, settings.update, devices.transferIn */
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Uuid, Type.Null()]),
  targetLabel: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const auditSortFields = ['at', 'action'] as const;
export const AuditListQuery = ListQuery(auditSortFields, {
  action: Type.Optional(Type.String({ maxLength: 64, description: 'Exact action, or a prefix ending in "." (e.g. "users.").' })),
  targetType: Type.Optional(Type.String({ maxLength: 32 })),
  targetId: Type.Optional(Uuid),
  actorId: Type.Optional(Uuid),
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
  tenantId: Type.Optional(Type.String({ format: 'uuid', description: 'Provider only: one tenant of all.' })),
});
export type AuditListQuery = Static<typeof AuditListQuery>;
export const AuditList = Page(AuditEntry);
export type AuditList = Static<typeof AuditList>;
