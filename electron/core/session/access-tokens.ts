import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { FleetApiError, toBridgeError } from '../fleet-api/api-errors.ts';
import type { Schedule } from '../schedule.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import type { AccountRecord } from './account-record.ts';

export interface AccessToken {
  token: string;
  expiresAt: number;
  /** When to exchange it: a margin before expiry (see refreshAt). */
  refreshAt: number;
}

/** Exchange an access token this long before it expires, so no request carries a dying one. */
const REFRESH_MARGIN_MS = 60_000;

/** A minute before expiry, or at 80 % of the lifetime for tokens that live only minutes. */
function refreshAt(issuedAt: number, expiresAt: number): number {
  return expiresAt - Math.min(REFRESH_MARGIN_MS, (expiresAt - issuedAt) / 5);
}

/** Fleet-cloud error codes that mean the session is over (not a network problem). */
export const SESSION_ENDED_CODES = new Set(['session_revoked', 'unauthenticated', 'token_expired']);

export type SessionEndReason = 'revoked' | 'expired' | 'not-stored';

export interface AccessTokensDeps {
  vault: TokenVault;
  now: () => number;
  schedule: Schedule;
  /** Whether a planned refresh is still wanted: the record is still held and its workspace active. */
  stillWanted(record: AccountRecord, tenantId: string): boolean;
  /** The server ended the session, or its refresh token is gone: the account must be dropped. */
  sessionEnded(record: AccountRecord, reason: SessionEndReason): Promise<void>;
}

/**
 * Access tokens per account and tenant: exchanged from the vault's refresh token (which rotates
 * on every exchange, serialised per account), kept in memory only, and exchanged again a margin
 * before they expire while their workspace is open.
 */
export class AccessTokens {
  readonly #d: AccessTokensDeps;

  constructor(deps: AccessTokensDeps) {
    this.#d = deps;
  }

  /** A live access token for the tenant: the cached one, or a fresh exchange. */
  get(record: AccountRecord, tenantId: string): Promise<string> {
    return record.queue.run(async () => {
      const cached = record.access.get(tenantId);
      if (cached && cached.refreshAt > this.#d.now()) return cached.token;
      const { accountId, serverUrl } = record.account;
      if (record.offlineReview) {
        // No token to present: the workspace stays offline until a real sign-in.
        throw new BridgeError('server-unreachable', `Reviewing offline data: sign in to ${serverUrl} to continue online.`);
      }
      const refreshToken = await this.#d.vault.read(accountId);
      if (!refreshToken) {
        await this.#d.sessionEnded(record, 'not-stored');
        throw new BridgeError('session-expired', 'Your session has ended. Sign in again.');
      }
      try {
        const response = await record.api.exchangeToken(refreshToken, tenantId);
        // The account was signed out while the server answered: its rotated token is not kept.
        if (record.ended) throw new BridgeError('session-expired', 'You signed out of this account.');
        await this.#d.vault.write(accountId, response.refreshToken);
        if (record.ended) {
          // Signed out while the token was being written: the sign-out's removal may have gone first.
          await this.#d.vault.remove(accountId);
          throw new BridgeError('session-expired', 'You signed out of this account.');
        }
        const expiresAt = Date.parse(response.accessTokenExpiresAt);
        const at = refreshAt(this.#d.now(), expiresAt);
        record.access.set(tenantId, { token: response.accessToken, expiresAt, refreshAt: at });
        this.#scheduleRefresh(record, tenantId, at);
        return response.accessToken;
      } catch (error) {
        if (error instanceof FleetApiError && SESSION_ENDED_CODES.has(error.code)) {
          const revoked = error.code === 'session_revoked';
          await this.#d.sessionEnded(record, revoked ? 'revoked' : 'expired');
          throw new BridgeError('session-expired', `Your session ${revoked ? 'was revoked (signed out elsewhere or a security check)' : 'has expired'}. Sign in again.`);
        }
        throw toBridgeError(error, serverUrl);
      }
    });
  }

  /** Forgets the tenant's token (the server refused it): the next `get` exchanges. */
  drop(record: AccountRecord, tenantId: string): void {
    record.access.delete(tenantId);
  }

  /** Cancels every planned refresh of the account. */
  cancel(record: AccountRecord): void {
    for (const cancel of record.timers.values()) cancel();
    record.timers.clear();
  }

  /**
   * Exchanges the token a margin before it expires, while the workspace is still open, so the
   * live stream and the next request never meet an expired token. Network trouble is left to
   * the next real call (the sync engine is already offline then).
   */
  #scheduleRefresh(record: AccountRecord, tenantId: string, at: number): void {
    record.timers.get(tenantId)?.();
    const delay = Math.max(1_000, at - this.#d.now());
    const cancel = this.#d.schedule(() => {
      record.timers.delete(tenantId);
      if (!this.#d.stillWanted(record, tenantId)) return;
      record.access.delete(tenantId);
      void this.get(record, tenantId).catch(() => undefined);
    }, Math.min(delay, 2 ** 31 - 1));
    record.timers.set(tenantId, cancel);
  }
}
