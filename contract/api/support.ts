import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';

/**
 * Support access with consent (issue 14, item 4; docs/decisions/0210-support-access-with-consent.md).
 * A client account's owner grants the provider time-boxed access; an operator opens a support
 * session under the grant; every request of that session is written to the account's audit log.
 */

/** read: see everything the grant covers; write: also change it (as an admin would, except members). */
export const SupportAccess = Type.Union([Type.Literal('read'), Type.Literal('write')]);
export type SupportAccess = Static<typeof SupportAccess>;

export const supportGrantHours = { min: 1, max: 72 } as const;

export const SupportGrantState = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]);
export type SupportGrantState = Static<typeof SupportGrantState>;

export const SupportGrant = Type.Object({
  id: Uuid,
  access: SupportAccess,
  /** null = every group of the account. */
  groupIds: Type.Union([Type.Array(Uuid), Type.Null()]),
  note: Type.String(),
  grantedBy: Type.Object({ id: Uuid, name: Type.String() }),
  grantedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
  revokedBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  state: SupportGrantState,
});
export type SupportGrant = Static<typeof SupportGrant>;

/** The account's grants, newest first (active ones and the last 50 ended). */
export const SupportGrantList = Type.Object({ items: Type.Array(SupportGrant), serverTime: IsoDateTime });
export type SupportGrantList = Static<typeof SupportGrantList>;

export const CreateSupportGrantRequest = Type.Object(
  {
    hours: Type.Integer({ minimum: supportGrantHours.min, maximum: supportGrantHours.max, description: 'How long the grant lasts, 1–72 hours.' }),
    access: SupportAccess,
    groupIds: Type.Optional(Type.Union([Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }), Type.Null()])),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CreateSupportGrantRequest = Static<typeof CreateSupportGrantRequest>;

/** What the provider sees of a grant: the account, the terms — nothing of the account's data. */
export const ActiveSupportGrant = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  tenantName: Type.String(),
  access: SupportAccess,
  groupIds: Type.Union([Type.Array(Uuid), Type.Null()]),
  grantedByName: Type.String(),
  grantedAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type ActiveSupportGrant = Static<typeof ActiveSupportGrant>;
export const ActiveSupportGrantList = Type.Object({ items: Type.Array(ActiveSupportGrant), serverTime: IsoDateTime });
export type ActiveSupportGrantList = Static<typeof ActiveSupportGrantList>;

export const OpenSupportSessionRequest = Type.Object({ tenantId: Uuid }, { additionalProperties: false });
export type OpenSupportSessionRequest = Static<typeof OpenSupportSessionRequest>;

/**
 * An access token for the client account under the grant. It ends with the grant (or after the
 * usual access-token lifetime, whichever is first); revoking the grant ends it at once.
 */
export const SupportSession = Type.Object({
  accessToken: Type.String(),
  /** When this token ends (≤ the grant's end); open the session again for a new one. */
  expiresAt: IsoDateTime,
  grant: ActiveSupportGrant,
});
export type SupportSession = Static<typeof SupportSession>;
