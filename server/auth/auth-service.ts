import type { FleetDb } from '../db/fleet-db.ts';
import { ApiError } from '../http/api-error.ts';
import type { SignInResponse, TokenResponse } from '../../contract/api/auth.ts';
import { usernameKey } from '../../contract/api/users.ts';
import { signAccessToken } from './access-token.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { issueRefreshToken, lockPresentedToken, markUsed, revokeFamily, revokeFamilyOf } from './refresh-tokens.ts';
import { SignInThrottle, type ThrottleSettings } from './sign-in-throttle.ts';
import { closedMemberships, findUserByUsername, listMemberships, membershipGroups, type ClosedMembership } from './user-directory.ts';

export interface AuthSettings {
  /** HMAC key for access tokens; shared by all instances (server_secrets or AUTH_SECRET). */
  signingKey: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  throttle: ThrottleSettings;
}

const wrongCredentials = () => new ApiError(401, 'wrong_credentials', 'The username or password is wrong.', { reason: 'wrong-credentials' });
/** Why a member with the right password cannot get in: the account is closed (decision 0250). */
const accountClosed = (closed: ClosedMembership, field?: string) =>
  closed.status === 'pending-deletion' && closed.purgeAt
    ? new ApiError(403, 'forbidden', `The account ${closed.tenantName} is closed and will be deleted on ${closed.purgeAt.toISOString()}. Ask your provider to restore it.`, {
        ...(field ? { field } : {}),
        reason: 'account-pending-deletion',
        params: { tenantName: closed.tenantName, purgeAt: closed.purgeAt.toISOString() },
      })
    : new ApiError(403, 'forbidden', `The account ${closed.tenantName} is suspended. Ask your provider to re-activate it.`, {
        ...(field ? { field } : {}),
        reason: 'account-suspended',
        params: { tenantName: closed.tenantName },
      });

const sessionRevoked = () =>
  new ApiError(401, 'session_revoked', 'This session was ended (signed out, the password was changed, or its refresh token was used twice). Sign in again.', {
    reason: 'session-ended',
  });

/** Sign-in, token exchange and sign-out: the three steps of a console session. */
export class AuthService {
  readonly #db: FleetDb;
  readonly #settings: AuthSettings;
  readonly #throttle: SignInThrottle;

  constructor(db: FleetDb, settings: AuthSettings) {
    this.#db = db;
    this.#settings = settings;
    this.#throttle = new SignInThrottle(settings.throttle);
  }

  async signIn(username: string, password: string, clientAddress: string): Promise<SignInResponse> {
    // One key for the throttle and the lookup: a variant spelling cannot get its own guesses.
    const account = usernameKey(username);
    const wait = await this.#throttle.retryAfter(this.#db, account, clientAddress);
    if (wait > 0) {
      throw new ApiError(429, 'throttled', `Too many failed sign-ins. Try again in ${describeWait(wait)}.`, {
        reason: 'sign-in-throttled',
        params: { retryAfterSeconds: wait },
        retryAfterSeconds: wait,
      });
    }
    const user = await findUserByUsername(this.#db, account);
    // Unknown users are checked against a decoy hash: same work, same answer, same timing.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !matches) {
      await this.#throttle.recordFailure(this.#db, account, clientAddress);
      throw wrongCredentials();
    }
    await this.#throttle.clearAccount(this.#db, account);
    const memberships = await listMemberships(this.#db, user.id);
    // Every account of the user is closed: say so (the password was right), rather than open a
    // session with nothing in it.
    if (memberships.length === 0) {
      const closed = (await closedMemberships(this.#db, user.id))[0];
      if (closed) throw accountClosed(closed);
    }
    const refresh = await issueRefreshToken(this.#db, user.id, this.#settings.refreshTokenTtlSeconds);
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName },
      memberships,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    };
  }

  /**
   * Exchanges a refresh token for an access token in one tenant and rotates it. A token seen
   * twice means a copy is in someone else's hands: the whole family dies, and that revocation
   * is committed before we answer 401.
   */
  async exchange(refreshToken: string, tenantId: string): Promise<TokenResponse> {
    const outcome = await this.#db.transaction(async (db) => {
      const presented = await lockPresentedToken(db, refreshToken);
      if (presented.state === 'reused') await revokeFamily(db, presented.familyId);
      if (presented.state !== 'valid') return { failed: presented.state } as const;
      const membership = (await listMemberships(db, presented.userId)).find((m) => m.tenantId === tenantId);
      // No rotation on 403: the client still holds a good token for its other tenants.
      if (!membership) return { failed: 'not_member', closed: (await closedMemberships(db, presented.userId)).find((m) => m.tenantId === tenantId) } as const;
      const groupIds = await membershipGroups(db, presented.userId, tenantId);
      await markUsed(db, presented.id);
      const next = await issueRefreshToken(db, presented.userId, this.#settings.refreshTokenTtlSeconds, presented.familyId);
      return { userId: presented.userId, membership, groupIds, next, sessionId: presented.familyId, issuedAt: presented.dbNowSeconds } as const;
    });
    if ('failed' in outcome) {
      switch (outcome.failed) {
        case 'unknown':
          throw new ApiError(401, 'unauthenticated', 'The refresh token is not valid. Sign in again.', { field: 'refreshToken', reason: 'refresh-token-invalid' });
        case 'expired':
          throw new ApiError(401, 'unauthenticated', 'The session has expired. Sign in again.', { field: 'refreshToken', reason: 'session-expired' });
        case 'revoked':
        case 'reused':
          throw sessionRevoked();
        case 'not_member':
          if ('closed' in outcome && outcome.closed) throw accountClosed(outcome.closed, 'tenantId');
          throw new ApiError(403, 'forbidden', 'You are not a member of this tenant.', { field: 'tenantId', reason: 'not-a-member' });
      }
    }
    // Issued at the database's clock (read before the membership was), to the millisecond: a
    // revocation (migration 041) is stamped with the same clock, so "issued before it" holds
    // whatever the clocks of the API instances say.
    const iat = Math.round(outcome.issuedAt * 1000) / 1000;
    const exp = Math.floor(Date.now() / 1000) + this.#settings.accessTokenTtlSeconds;
    const { membership } = outcome;
    const accessToken = signAccessToken(
      { sub: outcome.userId, tid: membership.tenantId, role: membership.role, gids: outcome.groupIds, iat, exp, sid: outcome.sessionId },
      this.#settings.signingKey,
    );
    return {
      accessToken,
      accessTokenExpiresAt: new Date(exp * 1000).toISOString(),
      refreshToken: outcome.next.token,
      refreshTokenExpiresAt: outcome.next.expiresAt.toISOString(),
      tenantId: membership.tenantId,
      role: membership.role,
    };
  }

  async signOut(refreshToken: string): Promise<void> {
    await revokeFamilyOf(this.#db, refreshToken);
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
