import type { Membership, UserSummary } from '../../../contract/api/auth.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { Account, SessionState, SignInInput, Workspace } from '../../../contract/bridge/session.ts';
import { FleetApiError, toBridgeError } from '../fleet-api/api-errors.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { normalizeServerUrl } from '../fleet-api/server-url.ts';
import { accountIdFor, workspaceIdFor } from './ids.ts';
import { SerialQueue } from './serial-queue.ts';
import type { ProfileStore } from '../profile/profile-store.ts';
import type { TokenVault } from '../vault/token-vault.ts';

interface AccessToken {
  token: string;
  expiresAt: number;
  /** When to exchange it: a margin before expiry (see refreshAt). */
  refreshAt: number;
}

interface AccountRecord {
  account: Account;
  userId: string;
  api: FleetApiClient;
  memberships: Membership[];
  /** Access tokens by tenant id: switching back to a workspace reuses a live one. */
  access: Map<string, AccessToken>;
  queue: SerialQueue;
  /** Proactive refresh timers by tenant id (their cancel functions). */
  timers: Map<string, () => void>;
}

/** Who acts in a workspace: what the cache and offline actions need to know. */
export interface WorkspaceOwner {
  workspaceId: string;
  account: Account;
  userId: string;
  tenantId: string;
  tenantName: string;
}

export interface SessionManagerDeps {
  createApi(serverUrl: string): FleetApiClient;
  vault: TokenVault;
  /** Remembers accounts and the last workspace between runs (no tokens). */
  profile?: ProfileStore;
  now?: () => number;
  /**
   * Runs `run` after `delayMs` and returns its cancel function. Default: an unref'd setTimeout;
   * tests pass their own to fire the proactive refresh without waiting for it.
   */
  schedule?: (run: () => void, delayMs: number) => () => void;
}

function scheduleOnTimer(run: () => void, delayMs: number): () => void {
  const timer = setTimeout(run, delayMs);
  // A pending refresh must not keep the process (tests, the web host on shutdown) alive.
  timer.unref();
  return () => clearTimeout(timer);
}

/** Exchange an access token this long before it expires, so no request carries a dying one. */
const REFRESH_MARGIN_MS = 60_000;

/** A minute before expiry, or at 80 % of the lifetime for tokens that live only minutes. */
function refreshAt(issuedAt: number, expiresAt: number): number {
  return expiresAt - Math.min(REFRESH_MARGIN_MS, (expiresAt - issuedAt) / 5);
}
const SESSION_ENDED_CODES = new Set(['session_revoked', 'unauthenticated', 'token_expired']);

/**
 * Owns who is signed in where. Accounts are (server, user) pairs; each membership of an account
 * is a workspace. Refresh tokens go to the vault only; access tokens stay in memory.
 */
export class SessionManager {
  readonly #deps: SessionManagerDeps;
  readonly #now: () => number;
  readonly #schedule: (run: () => void, delayMs: number) => () => void;
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #listeners = new Set<(state: SessionState) => void>();
  #activeWorkspaceId: string | null = null;
  #notice: string | null = null;
  /** The latest profile save; state changes the user asked for wait for it. */
  #saved: Promise<void> = Promise.resolve();

  constructor(deps: SessionManagerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#schedule = deps.schedule ?? scheduleOnTimer;
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

  /**
   * Start-up: brings back the accounts of the last run whose refresh token is still in the vault,
   * and the workspace that was active. No network: an offline start opens the cached workspace.
   */
  async restore(): Promise<SessionState> {
    const profile = await this.#deps.profile?.load();
    if (!profile) return this.state();
    const lost: string[] = [];
    for (const saved of profile.accounts) {
      if (!(await this.#deps.vault.read(saved.account.accountId))) {
        lost.push(`${saved.account.username} on ${saved.account.serverUrl}`);
        continue;
      }
      const api = this.#deps.createApi(saved.account.serverUrl);
      this.#accounts.set(saved.account.accountId, { account: saved.account, userId: saved.userId, api, memberships: saved.memberships, access: new Map(), queue: new SerialQueue(), timers: new Map() });
    }
    const last = profile.lastWorkspaceId;
    this.#activeWorkspaceId = last && this.#find(last) ? last : null;
    if (lost.length) this.#notice = `Your sign-in was not kept for ${lost.join(', ')}. Sign in again.`;
    return this.#changed();
  }

  owner(workspaceId: string): WorkspaceOwner {
    const { record, tenantId } = this.#resolve(workspaceId);
    const membership = record.memberships.find((m) => m.tenantId === tenantId);
    return { workspaceId, account: record.account, userId: record.userId, tenantId, tenantName: membership?.tenantName ?? '' };
  }

  /** Every workspace of one account (for removing its offline data). */
  workspacesOf(accountId: string): WorkspaceOwner[] {
    const record = this.#accounts.get(accountId);
    if (!record) return [];
    return record.memberships.map((m) => this.owner(workspaceIdFor(accountId, m.tenantId)));
  }

  /** Stops refresh timers and waits until the profile on disk says what this session said last. */
  async close(): Promise<void> {
    for (const record of this.#accounts.values()) for (const cancel of record.timers.values()) cancel();
    await this.#saved;
    await this.#deps.profile?.flush();
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
    const record: AccountRecord = { account, userId: response.user.id, api, memberships: response.memberships, access: new Map(), queue: new SerialQueue(), timers: new Map() };
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
    const state = this.#changed();
    await this.#saved;
    return state;
  }

  /**
   * Switching is instant and works offline: the workspace opens from its cache. Only a session
   * the server has ended refuses the switch; an unreachable server does not.
   */
  async activate(workspaceId: string): Promise<SessionState> {
    const { record, tenantId } = this.#resolve(workspaceId);
    this.#activeWorkspaceId = workspaceId;
    const state = this.#changed();
    void this.#accessToken(record, tenantId).catch(() => undefined);
    return state;
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
    const found = this.#find(workspaceId);
    if (!found) throw new BridgeError('unknown-workspace', 'That workspace is not available any more. Pick another one or sign in again.', 'workspaceId');
    return found;
  }

  #find(workspaceId: string): { record: AccountRecord; tenantId: string } | null {
    const [accountId = '', tenantId = ''] = workspaceId.split(':');
    const record = this.#accounts.get(accountId);
    return record && record.memberships.some((m) => m.tenantId === tenantId) ? { record, tenantId } : null;
  }

  /**
   * Exchanges the token a margin before it expires, while the workspace is still open, so the
   * live stream and the next request never meet an expired token. Network trouble is left to
   * the next real call (the sync engine is already offline then).
   */
  #scheduleRefresh(record: AccountRecord, tenantId: string, at: number): void {
    record.timers.get(tenantId)?.();
    const delay = Math.max(1_000, at - this.#now());
    const cancel = this.#schedule(() => {
      record.timers.delete(tenantId);
      if (this.#accounts.get(record.account.accountId) !== record) return;
      if (this.#activeWorkspaceId !== workspaceIdFor(record.account.accountId, tenantId)) return;
      record.access.delete(tenantId);
      void this.#accessToken(record, tenantId).catch(() => undefined);
    }, Math.min(delay, 2 ** 31 - 1));
    record.timers.set(tenantId, cancel);
  }

  #accessToken(record: AccountRecord, tenantId: string): Promise<string> {
    return record.queue.run(async () => {
      const cached = record.access.get(tenantId);
      if (cached && cached.refreshAt > this.#now()) return cached.token;
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
        const at = refreshAt(this.#now(), expiresAt);
        record.access.set(tenantId, { token: response.accessToken, expiresAt, refreshAt: at });
        this.#scheduleRefresh(record, tenantId, at);
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
    const record = this.#accounts.get(accountId);
    for (const cancel of record?.timers.values() ?? []) cancel();
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

  /** Saves who is signed in (never a token) so the next start restores it. */
  async #persist(): Promise<void> {
    const profile = this.#deps.profile;
    if (!profile) return;
    const accounts = [...this.#accounts.values()].map((r) => ({ account: r.account, userId: r.userId, memberships: r.memberships }));
    const lastWorkspaceId = this.#activeWorkspaceId;
    await profile
      .update((p) => {
        p.accounts = accounts;
        p.lastWorkspaceId = lastWorkspaceId;
      })
      .catch((error: unknown) => console.error('[engine] could not save the profile:', error));
  }

  #changed(): SessionState {
    const state = this.state();
    this.#saved = this.#persist();
    for (const listener of this.#listeners) listener(state);
    return state;
  }
}

export { SESSION_ENDED_CODES };

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
