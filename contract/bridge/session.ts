import { Type, type Static } from 'typebox';
import type { Role, TenantKind } from '../api/auth.ts';

/** A signed-in (server, user) pair. Its tokens stay in the engine; the renderer never sees them. */
export interface Account {
  accountId: string;
  serverUrl: string;
  username: string;
  displayName: string;
}

/** One membership of one account: the unit the console switches between. */
export interface Workspace {
  workspaceId: string;
  accountId: string;
  serverUrl: string;
  username: string;
  tenantId: string;
  tenantName: string;
  tenantKind: TenantKind;
  role: Role;
}

export interface SessionState {
  accounts: Account[];
  workspaces: Workspace[];
  /** null while no workspace is chosen (e.g. right after a multi-tenant sign-in). */
  activeWorkspaceId: string | null;
  /**
   * Why the user was sent back to sign-in, if they were (revoked session, expired refresh).
   * Cleared on the next successful sign-in.
   */
  notice: string | null;
}

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const SignInInput = Type.Object(
  { serverUrl: Text(2048), username: Text(200), password: Text(1024) },
  { additionalProperties: false },
);
export type SignInInput = Static<typeof SignInInput>;

export const AccountInput = Type.Object({ accountId: Text(128) }, { additionalProperties: false });
export type AccountInput = Static<typeof AccountInput>;

/** Sign out; `removeOfflineData` also deletes the account's offline caches from this computer. */
export const SignOutInput = Type.Object(
  { accountId: Text(128), removeOfflineData: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type SignOutInput = Static<typeof SignOutInput>;

export const WorkspaceInput = Type.Object({ workspaceId: Text(256) }, { additionalProperties: false });
export type WorkspaceInput = Static<typeof WorkspaceInput>;

export const NoInput = Type.Object({}, { additionalProperties: false });
export type NoInput = Static<typeof NoInput>;
