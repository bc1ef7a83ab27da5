import type { Membership, UserSummary } from '../../../contract/api/auth.ts';
import type { AccountIdentity, Workspace } from '../../../contract/bridge/session.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import type { ProfileAccount } from '../profile/profile-store.ts';
import type { AccessToken } from './access-tokens.ts';
import { accountIdFor, workspaceIdFor } from './ids.ts';
import { SerialQueue } from './serial-queue.ts';

/** One (server, user) account the engine holds in memory while it is signed in or under review. */
export interface AccountRecord {
  account: AccountIdentity;
  /** Unlocked locally for offline review (no refresh token): reads from the cache only. */
  offlineReview: boolean;
  userId: string;
  api: FleetApiClient;
  memberships: Membership[];
  /** Access tokens by tenant id: switching back to a workspace reuses a live one. */
  access: Map<string, AccessToken>;
  queue: SerialQueue;
  /** Proactive refresh timers by tenant id (their cancel functions). */
  timers: Map<string, () => void>;
  /** Signed out or ended: an exchange that answers now must not put its token back in the vault. */
  ended: boolean;
}

/** Who acts in a workspace: what the cache and offline actions need to know. */
export interface WorkspaceOwner {
  workspaceId: string;
  account: AccountIdentity;
  userId: string;
  tenantId: string;
  tenantName: string;
}

export function newAccountRecord(saved: ProfileAccount, offlineReview: boolean, api: FleetApiClient): AccountRecord {
  return { account: saved.account, offlineReview, userId: saved.userId, api, memberships: saved.memberships, access: new Map(), queue: new SerialQueue(), timers: new Map(), ended: false };
}

/** What the profile keeps of an account between runs (never a token). */
export function savedAccount(record: ProfileAccount): ProfileAccount {
  return { account: record.account, userId: record.userId, memberships: record.memberships };
}

export function toAccount(serverUrl: string, user: UserSummary): AccountIdentity {
  return { accountId: accountIdFor(serverUrl, user.username), serverUrl, username: user.username, displayName: user.displayName };
}

/** The account part of a workspace id (`<accountId>:<tenantId>`). */
export function accountOf(workspaceId: string): string {
  return workspaceId.split(':')[0] ?? '';
}

export function toWorkspace(account: AccountIdentity, m: Membership): Workspace {
  return {
    workspaceId: workspaceIdFor(account.accountId, m.tenantId),
    accountId: account.accountId,
    serverUrl: account.serverUrl,
    username: account.username,
    tenantId: m.tenantId,
    tenantName: m.tenantName,
    tenantKind: m.tenantKind,
    role: m.role,
    ...(m.groupScoped ? { groupScoped: true } : {}),
  };
}
