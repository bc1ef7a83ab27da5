import type { Membership, UserSummary } from '../../../contract/api/auth.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { Account, SessionState, SignInInput, Workspace } from '../../../contract/bridge/session.ts';
import { FleetApiError, toBridgeError } from '../fleet-api/api-errors.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { normalizeServerUrl } from '../fleet-api/server-url.ts';
import { accountIdFor, workspaceIdFor } from './ids.ts';
import { SerialQueue } from './serial-queue.ts';
import type { TokenVault } from './token-vault.ts';

interface AccessToken {
  token: string;
  expiresAt: number;
}

interface AccountRecord {
  account: Account;
  api: FleetApiClient;
  memberships: Membership[];
  /** Access tokens by tenant id: switching back to a workspace reuses a live one. */
  access: Map<string, AccessToken>;
  queue: SerialQueue;
}

export interface SessionManagerDeps {
  createApi(serverUrl: string): FleetApiClient;
  vault: TokenVault;
  now?: () => number;
}

/** Exchange an access token this long before it expires, so no request carries a dying one. */
const REFRESH_MARGIN_MS = 60_000;
const SESSION_ENDED_CODES = new Set(['session_revoked', 'unauthenticated', 'token_expired']);

/**
 * Owns who is signed in where. Accounts are (server, user) pairs; each membership of an account
 * is a workspace. Refresh tokens go to the vault only; access tokens stay in memory.
 */
export class SessionManager {
  readonly #deps: SessionManagerDeps;
  readonly #now: () => number;
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #listeners = new Set<(state: SessionState) => void>();
  #activeWorkspaceId: string | null = null;
  #notice: string | null = null;

  constructor(deps: SessionManagerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  state(): SessionState {
    const accounts: Account[] = [];
    const workspaces: Workspace[] = [];
    for (const record of this.#accounts.values()) {
      accounts.push({ ...record.account });
      for (const m of record.memberships) workspaces.push(toWorkspace(record.account, m));
    }
    return { accounts, workspaces, activeWorkspaceId: this.#activeWorkspaceId, notice: this.#notice };
  }

  onChange(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async signIn(input: SignInInput): Promise<SessionState> {
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const api = this.#deps.createApi(serverUrl);
    const response = await api.signIn(input.username.trim(), input.password).catch((error: unknown) => {
      throw toBridgeError(error, serverUrl);
    });
    const account = toAccount(serverUrl, response.user);
    const previous = this.#accounts.get(account.accountId);
    if (previous) await this.#revokeQuietly(previous);
    await this.#deps.vault.write(account.accountId, response.refreshToken);
    const record: AccountRecord = { account, api, memberships: response.memberships, access: new Map(), queue: new SerialQueue() };
    this.#accounts.set(account.accountId, record);
    this.#notice = null;
    if (response.memberships.length === 0) {
      await this.#forget(account.accountId, null);
      throw new BridgeError('forbidden', `${account.displayName} is not a member of any organisation on this server. Ask your administrator for access.`);
    }
    const [only] = response.memberships;
    if (response.memberships.length === 1 && only) {
      await this.#accessToken(record, only.tenantId);
      this.#activeWorkspaceId = workspaceIdFor(account.accountId, only.tenantId);
    } else {
      this.#activeWorkspaceId = null;
    }
    return this.#changed();
  }

  async signOut(accountId: string): Promise<SessionState> {
    const record = this.#accounts.get(accountId);
    if (!record) throw new BridgeError('not-found', 'That account is not signed in.', 'accountId');
    await this.#revokeQuietly(record);
    await this.#forget(accountId, null);
    return this.#changed();
  }

  async activate(workspaceId: string): Promise<SessionState> {
    const { record, tenantId } = this.#resolve(workspaceId);
    await this.#accessToken(record, tenantId);
    this.#activeWorkspaceId = workspaceId;
    return this.#changed();
  }

  /**
   * Runs one API call for a workspace with a live access token. If the server says the token
   * expired anyway (clock skew, server restart), exchanges once more and retries.
   */
  async withAccess<T>(workspaceId: string, call: (api: FleetApiClient, accessToken: string) => Promise<T>): Promise<T> {
    const { record, tenantId } = this.#resolve(workspaceId);
    try {
      const token = await this.#accessToken(record, tenantId);
      try {
        return await call(record.api, token);
      } catch (error) {
        if (!(error instanceof FleetApiError && error.status === 401)) throw error;
        record.access.delete(tenantId);
        return await call(record.api, await this.#accessToken(record, tenantId));
      }
    } catch (error) {
      throw toBridgeError(error, record.account.serverUrl);
    }
  }

  #resolve(workspaceId: string): { record: AccountRecord; tenantId: string } {
    const [accountId = '', tenantId = ''] = workspaceId.split(':');
    const record = this.#accounts.get(accountId);
    if (!record || !record.memberships.some((m) => m.tenantId === tenantId)) {
      throw new BridgeError('unknown-workspace', 'That workspace is not available any more. Pick another one or sign in again.', 'workspaceId');
    }
    return { record, tenantId };
  }

  #accessToken(record: AccountRecord, tenantId: string): Promise<string> {
    return record.queue.run(async () => {
      const cached = record.access.get(tenantId);
      if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.#now()) return cached.token;
      const { accountId, serverUrl } = record.account;
      const refreshToken = await this.#deps.vault.read(accountId);
      if (!refreshToken) {
        await this.#endSession(record, 'Your sign-in is no longer stored on this computer. Sign in again.');
        throw new BridgeError('session-expired', 'Your session has ended. Sign in again.');
      }
      try {
        const response = await record.api.exchangeToken(refreshToken, tenantId);
        await this.#deps.vault.write(accountId, response.refreshToken);
        const expiresAt = Date.parse(response.accessTokenExpiresAt);
        record.access.set(tenantId, { token: response.accessToken, expiresAt });
        return response.accessToken;
      } catch (error) {
        if (error instanceof FleetApiError && SESSION_ENDED_CODES.has(error.code)) {
          const why = error.code === 'session_revoked' ? 'was revoked (signed out elsewhere or a security check)' : 'has expired';
          await this.#endSession(record, `Your session for ${record.account.username} on ${serverUrl} ${why}. Sign in again.`);
          throw new BridgeError('session-expired', `Your session ${why}. Sign in again.`);
        }
        throw toBridgeError(error, serverUrl);
      }
    });
  }

  async #endSession(record: AccountRecord, notice: string): Promise<void> {
    await this.#forget(record.account.accountId, notice);
    this.#changed();
  }

  async #forget(accountId: string, notice: string | null): Promise<void> {
    this.#accounts.delete(accountId);
    await this.#deps.vault.remove(accountId);
    if (this.#activeWorkspaceId?.startsWith(`${accountId}:`)) this.#activeWorkspaceId = null;
    if (notice) this.#notice = notice;
  }

  /** Best effort: an unreachable server must not keep the user from signing out locally. */
  async #revokeQuietly(record: AccountRecord): Promise<void> {
    const refreshToken = await this.#deps.vault.read(record.account.accountId);
    if (refreshToken) await record.api.signOut(refreshToken).catch(() => undefined);
  }

  #changed(): SessionState {
    const state = this.state();
    for (const listener of this.#listeners) listener(state);
    return state;
  }
}

function toAccount(serverUrl: string, user: UserSummary): Account {
  return { accountId: accountIdFor(serverUrl, user.username), serverUrl, username: user.username, displayName: user.displayName };
}

function toWorkspace(account: Account, m: Membership): Workspace {
  return {
    workspaceId: workspaceIdFor(account.accountId, m.tenantId),
    accountId: account.accountId,
    serverUrl: account.serverUrl,
    username: account.username,
    tenantId: m.tenantId,
    tenantName: m.tenantName,
    tenantKind: m.tenantKind,
    role: m.role,
  };
}
