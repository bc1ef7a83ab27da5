import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';
import { TenantKind } from './auth.ts';

/**
 * `pending-deletion`: closed like `suspended` (no sign-in, no ingest) until its purge date, then
 * purged; the provider can restore it until then (contract/api/lifecycle.ts).
 */
export const tenantStatuses = ['active', 'suspended', 'pending-deletion', 'deleted'] as const;
export const TenantStatus = Type.Enum(tenantStatuses);
export type TenantStatus = (typeof tenantStatuses)[number];

/**
 * How the fleet cloud checks the key a unit reports with (the unit's reporting secret from the
 * device registry): `off` ignores keys; `log` stores reports without the right key and logs
 * them (moving trackers over); `enforce` answers them like an unknown unit.
 */
export const deviceAuthModes = ['off', 'log', 'enforce'] as const;
export const DeviceAuthMode = Type.Enum(deviceAuthModes);
export type DeviceAuthMode = (typeof deviceAuthModes)[number];

const TenantName = Type.String({ minLength: 2, maxLength: 100, pattern: '\\S' });

/** A client account as the provider manages it. */
export const Tenant = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: TenantKind,
  status: TenantStatus,
  deviceAuth: DeviceAuthMode,
  /** Units currently assigned to this tenant. */
  deviceCount: Type.Integer({ minimum: 0 }),
  /** When a pending deletion purges the account's data (null unless `pending-deletion`). */
  purgeAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Tenant = Static<typeof Tenant>;

export const tenantSortFields = ['name', 'createdAt', 'status'] as const;
export const TenantListQuery = ListQuery(tenantSortFields, {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches the name.' })),
  status: Type.Optional(TenantStatus),
});
export type TenantListQuery = Static<typeof TenantListQuery>;
export const TenantList = Page(Tenant);
export type TenantList = Static<typeof TenantList>;

export const CreateTenantRequest = Type.Object({ name: TenantName }, { additionalProperties: false });
export type CreateTenantRequest = Static<typeof CreateTenantRequest>;

/** Rename, suspend (ends every member's session at once) or re-activate, or change device authentication. */
export const UpdateTenantRequest = Type.Object(
  {
    name: Type.Optional(TenantName),
    deviceAuth: Type.Optional(DeviceAuthMode),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTenantRequest = Static<typeof UpdateTenantRequest>;
