import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { Account, KnownAccount, SessionNotice, SessionState, SignInInput, UnlockInput, Workspace } from '../../../contract/bridge/session.ts';
import { FleetApiError, toBridgeError } from '../fleet-api/api-errors.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { normalizeServerUrl } from '../fleet-api/server-url.ts';
import type { ProfileAccount, ProfileStore } from '../profile/profile-store.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { scheduleOnTimer, type Schedule } from '../schedule.ts';
import { AccessTokens, type SessionEndReason } from './access-tokens.ts';
import { accountOf, newAccountRecord, savedAccount, toAccount, toWorkspace, type AccountRecord, type WorkspaceOwner } from './account-record.ts';
import { workspaceIdFor } from './ids.ts';
import { saveLastRunAccounts, sortLastRunAccounts } from './last-run-accounts.ts';
import { OfflineUnlock } from './offline-unlock.ts';
import type { ScryptParameters } from './password-verifier.ts';
import { ReachabilityWatch, serverAnswers } from './server-reachability.ts';

export type { WorkspaceOwner };

export interface SessionManagerDeps {
  createApi(serverUrl: string): FleetApiClient;
  vault: TokenVault;
  /** Remembers accounts and the last workspace between runs (no tokens). */
  profile?: ProfileStore;
  now?: () => number;
  /** Offline password check parameters (default: the strong ones; unit tests make them light). */
  scrypt?: ScryptParameters;
  /** Time between reachability checks of servers whose accounts are not signed in online (default 5 s). */
  reachabilityIntervalMs?: number;
  /** Plans the next reachability round (default: a timer). */
  scheduleReachability?: Schedule;
  /**
   * Runs `run` after `delayMs` and returns its cancel function. Default: an unref'd setTimeout;
   * tests pass their own to fire the proactive refresh without waiting for it.
   */
  schedule?: Schedule;
}

/**
 * Owns who is signed in where. Accounts are (server, user) pairs; each membership of an account
 * is a workspace. Refresh tokens go to the vault only; access tokens stay in memory.
 */
export class SessionManager {
  readonly #deps: SessionManagerDeps;
  readonly #now: () => number;
  readonly #tokens: AccessTokens;
  readonly #accounts = new Map<string, AccountRecord>();
  /** Remembered but not signed in: can be unlocked (online, or offline with the password). */
  readonly #known = new Map<string, ProfileAccount>();
  readonly #listeners = new Set<(state: SessionState) => void>();
  readonly #unlock: OfflineUnlock;
  readonly #reachability: ReachabilityWatch;
  #activeWorkspaceId: string | null = null;
  /** The last run's workspace while its account waits to be unlocked: kept in the profile, opened on unlock. */
  #lockedWorkspaceId: string | null = null;
  #notice: SessionNotice | null = null;
  /** The latest profile save; state changes the user asked for wait for it. */
  #saved: Promise<void> = Promise.resolve();

  constructor(deps: SessionManagerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#unlock = new OfflineUnlock({ now: this.#now, ...(deps.profile ? { profile: deps.profile } : {}), ...(deps.scrypt ? { scrypt: deps.scrypt } : {}) });
    this.#reachability = new ReachabilityWatch({
      probe: (serverUrl) => serverAnswers(this.#deps.createApi(serverUrl)),
      onChange: () => void this.#changed(),
      ...(deps.reachabilityIntervalMs ? { intervalMs: deps.reachabilityIntervalMs } : {}),
      ...(deps.scheduleReachability ? { schedule: deps.scheduleReachability } : {}),
    });
    this.#tokens = new AccessTokens({
      vault: deps.vault,
      now: this.#now,
      schedule: deps.schedule ?? scheduleOnTimer,
      stillWanted: (record, tenantId) => this.#accounts.get(record.account.accountId) === record && this.#activeWorkspaceId === workspaceIdFor(record.account.accountId, tenantId),
      sessionEnded: (record, reason) => this.#endSession(record, reason),
    });
  }

  state(): SessionState {
    const accounts: Account[] = [];
    const workspaces: Workspace[] = [];
    for (const record of this.#accounts.values()) {
      const serverReachable = this.#reachability.reachable(record.account.serverUrl) === true;
      accounts.push({ ...record.account, offlineReview: record.offlineReview ? { serverReachable } : null });
      for (const m of record.memberships) workspaces.push(toWorkspace(record.account, m));
    }
    const knownAccounts: KnownAccount[] = [...this.#known.values()].map(({ account }) => ({
      ...account,
      serverReachable: this.#reachability.reachable(account.serverUrl),
      ...this.#unlock.throttle(account.accountId),
    }));
    return { accounts, workspaces, activeWorkspaceId: this.#activeWorkspaceId, notice: this.#notice, knownAccounts };
  }

  onChange(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Start-up: brings back the accounts of the last run whose refresh token is still in the vault,
   * and the workspace that was active. No network: an offline start opens the cached workspace.
   * Accounts without a usable token but with an offline password check become known accounts
   * (unlock with the password); the others are dropped with a notice.
   */
  async restore(): Promise<SessionState> {
    const profile = await this.#deps.profile?.load();
    if (!profile) return this.state();
    this.#unlock.load(profile);
    const { withToken, unlockable, lost } = await sortLastRunAccounts(profile.accounts, this.#deps.vault, (accountId) => this.#unlock.has(accountId));
    for (const saved of withToken) this.#accounts.set(saved.account.accountId, this.#record(saved, false));
    for (const saved of unlockable) this.#known.set(saved.account.accountId, saved);
    const last = profile.lastWorkspaceId;
    this.#activeWorkspaceId = last && this.#find(last) ? last : null;
    this.#lockedWorkspaceId = last && this.#known.has(accountOf(last)) ? last : null;
    if (lost.length) this.#notice = { code: 'sign-in-not-kept', accounts: lost };
    return this.#changed();
  }

  owner(workspaceId: string): WorkspaceOwner {
    const known = this.#known.get(accountOf(workspaceId));
    const { record, tenantId } = known && !this.#find(workspaceId) ? { record: known, tenantId: workspaceId.slice(workspaceId.indexOf(':') + 1) } : this.#resolve(workspaceId);
    const membership = record.memberships.find((m) => m.tenantId === tenantId);
    return { workspaceId, account: record.account, userId: record.userId, tenantId, tenantName: membership?.tenantName ?? '' };
  }

  /** Every workspace of one account, signed in or known (for removing its offline data). */
  workspacesOf(accountId: string): WorkspaceOwner[] {
    const record = this.#accounts.get(accountId) ?? this.#known.get(accountId);
    if (!record) return [];
    return record.memberships.map((m) => this.owner(workspaceIdFor(accountId, m.tenantId)));
  }

  /** Stops timers and waits until the profile on disk says what this session said last. */
  async close(): Promise<void> {
    this.#reachability.close();
    for (const record of this.#accounts.values()) this.#tokens.cancel(record);
    await this.#unlock.settled();
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
    const record = this.#record({ account, userId: response.user.id, memberships: response.memberships }, false, api);
    this.#accounts.set(account.accountId, record);
    this.#known.delete(account.accountId);
    this.#notice = null;
    if (response.memberships.length === 0) {
      await this.#forget(account.accountId, null);
      throw new BridgeError('forbidden', `${account.displayName} is not a member of any organisation on this server. Ask your administrator for access.`);
    }
    // Signing in again (back from an offline review, or after a restart) returns to where the user was.
    const resumed = [this.#activeWorkspaceId, this.#lockedWorkspaceId].find((id) => id && accountOf(id) === account.accountId && this.#find(id));
    if (this.#lockedWorkspaceId && accountOf(this.#lockedWorkspaceId) === account.accountId) this.#lockedWorkspaceId = null;
    const [only] = response.memberships;
    if (resumed) {
      this.#activeWorkspaceId = resumed;
    } else if (response.memberships.length === 1 && only) {
      await this.#tokens.get(record, only.tenantId);
      this.#activeWorkspaceId = workspaceIdFor(account.accountId, only.tenantId);
    } else {
      this.#activeWorkspaceId = null;
    }
    // The server accepted this password: keep a check of it for a later offline unlock. Started
    // after the token exchange, so its scrypt work does not slow the sign-in itself.
    void this.#unlock.remember(account.accountId, input.password).catch(() => undefined);
    return this.#changed();
  }

  /**
   * A known account (or one in offline review) with its password: an online sign-in when its
   * server answers — the offline check never stands in for a reachable server — and only when
   * the server cannot be reached, the local check and the cached workspaces for review.
   */
  async unlock(input: UnlockInput): Promise<SessionState> {
    const saved = this.#known.get(input.accountId) ?? this.#accounts.get(input.accountId);
    if (!saved) throw new BridgeError('not-found', 'That account is not known on this computer any more. Sign in with the form.', 'accountId');
    const { serverUrl, username } = saved.account;
    try {
      return await this.signIn({ serverUrl, username, password: input.password });
    } catch (error) {
      if (!(error instanceof BridgeError && error.code === 'server-unreachable')) throw error;
    }
    this.#reachability.checkNow();
    await this.#unlock.check(input.accountId, input.password).finally(() => this.#changed());
    if (this.#accounts.get(input.accountId)?.offlineReview === false) return this.state();
    this.#accounts.set(input.accountId, this.#record(saved, true));
    this.#known.delete(input.accountId);
    this.#notice = null;
    const last = this.#lockedWorkspaceId;
    const [only, second] = saved.memberships;
    if (last && accountOf(last) === input.accountId && this.#find(last)) this.#activeWorkspaceId = last;
    else if (only && !second) this.#activeWorkspaceId = workspaceIdFor(input.accountId, only.tenantId);
    if (this.#activeWorkspaceId === last) this.#lockedWorkspaceId = null;
    return this.#changed();
  }

  /** The user changed their password online: the offline check follows the new one. */
  async passwordChanged(workspaceId: string, newPassword: string): Promise<void> {
    const { record } = this.#resolve(workspaceId);
    await this.#unlock.remember(record.account.accountId, newPassword);
  }

  /**
   * Ends the account's session. With `removeOfflineData` the account is forgotten on this
   * computer (offline check included); without, it stays known, so its cached data can still be
   * reviewed offline with the password.
   */
  async signOut(accountId: string, removeOfflineData = false): Promise<SessionState> {
    const record = this.#accounts.get(accountId);
    const known = this.#known.get(accountId);
    if (!record && !known) throw new BridgeError('not-found', 'That account is not signed in.', 'accountId');
    if (record) await this.#revokeQuietly(record);
    await this.#unlock.settled();
    const keep = !removeOfflineData && this.#unlock.has(accountId);
    const saved = record ? savedAccount(record) : known;
    const lastHere = [this.#activeWorkspaceId, this.#lockedWorkspaceId].find((id) => id && accountOf(id) === accountId) ?? null;
    await this.#forget(accountId, null);
    if (keep && saved) {
      this.#known.set(accountId, saved);
      this.#lockedWorkspaceId = lastHere;
    } else {
      await this.#unlock.forget(accountId);
    }
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
    void this.#tokens.get(record, tenantId).catch(() => undefined);
    return state;
  }

  /**
   * Runs one API call for a workspace with a live access token. If the server says the token
   * expired anyway (clock skew, server restart), exchanges once more and retries.
   */
  async withAccess<T>(workspaceId: string, call: (api: FleetApiClient, accessToken: string) => Promise<T>): Promise<T> {
    const { record, tenantId } = this.#resolve(workspaceId);
    try {
      const token = await this.#tokens.get(record, tenantId);
      try {
        return await call(record.api, token);
      } catch (error) {
        if (!(error instanceof FleetApiError && error.status === 401)) throw error;
        this.#tokens.drop(record, tenantId);
        return await call(record.api, await this.#tokens.get(record, tenantId));
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
   * The server ended the session (or its token vanished): the account is dropped, and with it the
   * offline check — a session the server refused must not stay open to a local password.
   */
  async #endSession(record: AccountRecord, reason: SessionEndReason): Promise<void> {
    const { username, serverUrl, accountId } = record.account;
    await this.#forget(accountId, { code: 'session-ended', reason, account: { username, serverUrl } });
    await this.#unlock.forget(accountId);
    this.#changed();
  }

  #record(saved: ProfileAccount, offlineReview: boolean, api = this.#deps.createApi(saved.account.serverUrl)): AccountRecord {
    return newAccountRecord(saved, offlineReview, api);
  }

  async #forget(accountId: string, notice: SessionNotice | null): Promise<void> {
    const record = this.#accounts.get(accountId);
    if (record) {
      record.ended = true;
      this.#tokens.cancel(record);
    }
    this.#accounts.delete(accountId);
    this.#known.delete(accountId);
    await this.#deps.vault.remove(accountId);
    if (this.#activeWorkspaceId?.startsWith(`${accountId}:`)) this.#activeWorkspaceId = null;
    if (this.#lockedWorkspaceId?.startsWith(`${accountId}:`)) this.#lockedWorkspaceId = null;
    if (notice) this.#notice = notice;
  }

  /** Best effort: an unreachable server must not keep the user from signing out locally. */
  async #revokeQuietly(record: AccountRecord): Promise<void> {
    const refreshToken = await this.#deps.vault.read(record.account.accountId);
    if (refreshToken) await record.api.signOut(refreshToken).catch(() => undefined);
  }

  #changed(): SessionState {
    const offline = [...this.#accounts.values()].filter((r) => r.offlineReview).map((r) => r.account.serverUrl);
    this.#reachability.watch([...offline, ...[...this.#known.values()].map((k) => k.account.serverUrl)]);
    const state = this.state();
    const saved = [...this.#accounts.values(), ...this.#known.values()].map(savedAccount);
    this.#saved = saveLastRunAccounts(this.#deps.profile, saved, this.#activeWorkspaceId ?? this.#lockedWorkspaceId);
    for (const listener of this.#listeners) listener(state);
    return state;
  }
}
