import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';

export const roles = ['owner', 'admin', 'dispatcher', 'viewer', 'operator'] as const;
/** Role inside one tenant. `operator` exists only in the provider tenant (the platform operator's staff). */
export const Role = Type.Enum(roles);
export type Role = (typeof roles)[number];

export const TenantKind = Type.Union([Type.Literal('provider'), Type.Literal('client')]);
export type TenantKind = Static<typeof TenantKind>;

export const UserSummary = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

/** One tenant a user belongs to, with the role they hold there. Each is a console workspace. */
export const Membership = Type.Object({
  tenantId: Uuid,
  tenantName: Type.String(),
  tenantKind: TenantKind,
  role: Role,
  /**
   * True when the membership sees only some groups' vehicles (dispatchers and viewers limited by
   * an admin), so an empty fleet can be explained as "none in your groups". Absent from older servers.
   */
  groupScoped: Type.Optional(Type.Boolean()),
});
export type Membership = Static<typeof Membership>;

export const SignInRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

/**
 * Sign-in proves who the user is and opens a refresh-token family. It is not scoped to a tenant:
 * the client exchanges the refresh token for a tenant-scoped access token (POST /api/auth/token).
 */
export const SignInResponse = Type.Object({
  user: UserSummary,
  memberships: Type.Array(Membership),
  refreshToken: Type.String(),
  refreshTokenExpiresAt: IsoDateTime,
});
export type SignInResponse = Static<typeof SignInResponse>;

/** Exchange (and rotate) a refresh token for an access token scoped to one tenant. */
export const TokenRequest = Type.Object(
  {
    refreshToken: Type.String({ minLength: 1, maxLength: 512 }),
    tenantId: Uuid,
  },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object({
  accessToken: Type.String(),
  accessTokenExpiresAt: IsoDateTime,
  /** The refresh token rotates on every use; the old one is dead from now on. */
  refreshToken: Type.String(),
  refreshTokenExpiresAt: IsoDateTime,
  tenantId: Uuid,
  role: Role,
});
export type TokenResponse = Static<typeof TokenResponse>;

export const SignOutRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
export type SignOutRequest = Static<typeof SignOutRequest>;

/** GET /api/me: who the access token speaks for, in which tenant. */
export const MeResponse = Type.Object({
  user: UserSummary,
  tenantId: Uuid,
  tenantName: Type.String(),
  tenantKind: TenantKind,
  role: Role,
  memberships: Type.Array(Membership),
});
export type MeResponse = Static<typeof MeResponse>;
