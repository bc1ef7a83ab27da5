import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../../contract/api/auth.ts';
import { verifyAccessToken } from '../../auth/access-token.ts';
import type { DbSession } from '../../db/fleet-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { enterSupportSession } from '../../tenancy/support-session.ts';

/** Who a request speaks for, taken from its access token. */
export interface RequestAuth {
  userId: string;
  tenantId: string;
  role: Role;
  /** The groups this member is limited to; null = all groups of the tenant. */
  groupIds: string[] | null;
  /** The session (refresh-token family) the token was issued for; null in older tokens. */
  sessionId: string | null;
  /**
   * Set when an operator acts in a client tenant under its owner's support grant (decision
   * 0210): `tenantId` is then the client's, `providerTenantId` the operator's own.
   */
  support: { grantId: string; access: 'read' | 'write'; providerTenantId: string } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticate` hook; null on public routes. */
    auth: RequestAuth | null;
    /** Runs `work` in one transaction scoped to the token's tenant (see FleetDb.withTenant). */
    withTenant<T>(work: (db: DbSession) => Promise<T>): Promise<T>;
  }
  interface FastifyInstance {
    /** onRequest hook for route subtrees that need a valid (and not revoked) access token. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

export interface AuthenticateOptions {
  signingKey: string;
}

export const authenticatePlugin = fp(async function authenticate(app: FastifyInstance, options: AuthenticateOptions) {
  app.decorateRequest('auth', null);
  app.decorateRequest('withTenant', function withTenant<T>(this: FastifyRequest, work: (db: DbSession) => Promise<T>) {
    const auth = requireAuth(this);
    if (auth.support) {
      // RLS admits the statements only under the active grant; the session's actions are audited first.
      return app.db.withTenant(auth.tenantId, async (db) => {
        await enterSupportSession(db, this, auth);
        return work(db);
      }, auth.groupIds, auth.support.grantId);
    }
    return app.db.withTenant(auth.tenantId, work, auth.groupIds);
  });
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthenticated', 'This endpoint needs an access token: send "Authorization: Bearer <token>".', { reason: 'access-token-missing' });
    }
    const result = verifyAccessToken(match[1], options.signingKey, Math.floor(Date.now() / 1000));
    if (!result.ok) {
      throw result.reason === 'expired'
        ? new ApiError(401, 'token_expired', 'The access token has expired. Exchange your refresh token for a new one.', { reason: 'access-token-expired' })
        : new ApiError(401, 'unauthenticated', 'The access token is not valid. Sign in again.', { reason: 'access-token-invalid' });
    }
    // Ended sessions, changed members and suspended tenants: refused on the next request. The
    // client exchanges its refresh token once more, and that exchange decides (new role, or the end).
    if (app.revocations.isRevoked(result.claims)) {
      throw new ApiError(401, 'token_expired', 'This access token was withdrawn (the session, your role or the account changed). Exchange your refresh token for a new one.', {
        reason: 'access-token-revoked',
      });
    }
    const { sub, tid, role, gids, sid, sup } = result.claims;
    request.auth = { userId: sub, tenantId: tid, role, groupIds: gids, sessionId: sid ?? null, support: sup ? { grantId: sup.g, access: sup.a, providerTenantId: sup.p } : null };
    // Every later line of this request (its handler's, and Fastify's "request completed") says
    // whose it was, so one tenant's trouble can be found in the logs (decision 0211).
    request.log = reply.log = request.log.child({ tenantId: tid, userId: sub, ...(sup ? { supportGrantId: sup.g } : {}) });
  });
});

/** For handlers behind `authenticate`: the auth is there, or the route was wired wrongly. */
export function requireAuth(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new Error(`${request.method} ${request.url} reads auth but is not behind authenticate`);
  return request.auth;
}
