import { Type, type Static } from 'typebox';
import type { Role, TenantKind } from '../api/auth.ts';

/** A (server, user) pair the console knows. Its tokens stay in the engine; the renderer never sees them. */
export interface AccountIdentity {
  accountId: string;
  serverUrl: string;
  username: string;
  displayName: string;
}

/**
 * An account with open workspaces. `offlineReview` is set when it was unlocked on this computer
 * with the password checked locally (the server was unreachable and no sign-in was kept): its
 * workspaces show cached data only, and once the server answers again the console asks for a
 * real sign-in (docs/decisions/0080-offline-unlock-and-vault-notice.md).
 */
export interface Account extends AccountIdentity {
  offlineReview: { serverReachable: boolean } | null;
}

/**
 * An account remembered on this computer that is not signed in: its sign-in was not kept across
 * a restart (sign-ins in memory only, or an unreadable keychain entry), or the user signed out
 * and kept the offline data. It can be reviewed offline with the password of its last online
 * sign-in.
 */
export interface KnownAccount extends AccountIdentity {
  /** Whether the server answered the last check; null before the first check. */
  serverReachable: boolean | null;
  /** While wrong passwords are throttled: ISO time the next attempt is allowed; null otherwise. */
  retryAfter: string | null;
  /** Wrong passwords in a row; the pause starts after `unlockAttemptsBeforePause`. */
  failedAttempts: number;
}

/** Wrong offline-unlock passwords allowed in a row before the engine pauses the next attempt. */
export const unlockAttemptsBeforePause = 5;

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
  /** Sees only the vehicles of some groups (see Membership.groupScoped); absent = all groups. */
  groupScoped?: boolean;
}

/** Who a session notice is about. */
export interface NoticeAccount {
  username: string;
  serverUrl: string;
}

/**
 * Why the user is on the sign-in screen again, as a code and its parameters; the renderer words it.
 * - `sign-in-not-kept`: after a restart these accounts had no stored sign-in and no offline
 *   password check (signed in before the console kept one).
 * - `session-ended`: the server ended the session (`revoked`: signed out elsewhere, password
 *   changed, a security check; `expired`), or its sign-in vanished from the vault (`not-stored`).
 */
export type SessionNotice =
  | { code: 'sign-in-not-kept'; accounts: NoticeAccount[] }
  | { code: 'session-ended'; reason: 'revoked' | 'expired' | 'not-stored'; account: NoticeAccount };

export interface SessionState {
  accounts: Account[];
  workspaces: Workspace[];
  /** null while no workspace is chosen (e.g. right after a multi-tenant sign-in). */
  activeWorkspaceId: string | null;
  /** Why the user was sent back to sign-in, if they were. Cleared on the next successful sign-in. */
  notice: SessionNotice | null;
  /** Accounts on this computer that are not signed in but can be reviewed offline. */
  knownAccounts: KnownAccount[];
}

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const SignInInput = Type.Object(
  { serverUrl: Text(2048), username: Text(200), password: Text(1024) },
  { additionalProperties: false },
);
export type SignInInput = Static<typeof SignInInput>;

/**
 * Opens a known account with its password: signs in online when its server answers; when the
 * server cannot be reached, checks the password against the verifier kept from the last online
 * sign-in and opens the cached workspaces for review.
 */
export const UnlockInput = Type.Object({ accountId: Text(128), password: Text(1024) }, { additionalProperties: false });
export type UnlockInput = Static<typeof UnlockInput>;

export const AccountInput = Type.Object({ accountId: Text(128) }, { additionalProperties: false });
export type AccountInput = Static<typeof AccountInput>;

/**
 * Sign out; `removeOfflineData` also deletes the account's offline caches and its offline
 * password check from this computer (without it the account stays known for offline review).
 */
export const SignOutInput = Type.Object(
  { accountId: Text(128), removeOfflineData: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type SignOutInput = Static<typeof SignOutInput>;

export const WorkspaceInput = Type.Object({ workspaceId: Text(256) }, { additionalProperties: false });
export type WorkspaceInput = Static<typeof WorkspaceInput>;

export const NoInput = Type.Object({}, { additionalProperties: false });
export type NoInput = Static<typeof NoInput>;
