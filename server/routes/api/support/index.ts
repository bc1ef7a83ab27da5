import { IdParams } from '../../../../contract/api/lists.ts';
import { ActiveSupportGrantList, CreateSupportGrantRequest, OpenSupportSessionRequest, SupportGrant, SupportGrantList, SupportSession } from '../../../../contract/api/support.ts';
import { signAccessToken } from '../../../auth/access-token.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { asTenant } from '../../../tenancy/tenant-switch.ts';
import { activeSupportGrants, createSupportGrant, databaseNowSeconds, listSupportGrants, revokeSupportGrant } from './support-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['support'];

export interface SupportRouteOptions {
  signingKey: string;
  accessTokenTtlSeconds: number;
}

/**
 * Support access with consent (decision 0210). An account's owner grants, lists and revokes
 * (support.grant); an operator lists the accounts that granted access and opens a support
 * session (support.open), which is an access token for that account under the grant.
 */
export const supportRoutes: RoutePlugin<SupportRouteOptions> = async (app, options) => {
  app.get(
    '/grants',
    { config: { access: 'support.grant' }, schema: { summary: "The account's support grants (active, then the last 50 ended)", tags, security, response: { 200: SupportGrantList, ...errorResponses(401, 403) } } },
    async (request) => request.withTenant((db) => listSupportGrants(db)),
  );
  app.post(
    '/grants',
    {
      config: { access: 'support.grant' },
      schema: { summary: 'Grant the provider support access for 1–72 hours', tags, security, body: CreateSupportGrantRequest, response: { 201: SupportGrant, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      return reply.code(201).send(await request.withTenant((db) => createSupportGrant(db, auth, request.body)));
    },
  );
  app.post(
    '/grants/:id/revoke',
    { config: { access: 'support.grant' }, schema: { summary: 'End a support grant now', tags, security, params: IdParams, response: { 200: SupportGrant, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => {
      const auth = requireAuth(request);
      return request.withTenant((db) => revokeSupportGrant(db, auth, request.params.id));
    },
  );

  app.get(
    '/active-grants',
    { config: { access: 'support.open' }, schema: { summary: 'Client accounts that granted support access now (provider)', tags, security, response: { 200: ActiveSupportGrantList, ...errorResponses(401, 403) } } },
    async (request) => request.withTenant((db) => activeSupportGrants(db, null)),
  );
  app.post(
    '/sessions',
    {
      config: { access: 'support.open' },
      schema: { summary: 'Open a client account under its support grant (provider)', tags, security, body: OpenSupportSessionRequest, response: { 200: SupportSession, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request): Promise<SupportSession> => {
      const auth = requireAuth(request);
      if (auth.support) throw new ApiError(403, 'forbidden', 'A support session cannot open another one.', { reason: 'support-not-allowed', params: { permission: 'support.open', access: auth.support.access } });
      const { tenantId } = request.body;
      return request.withTenant(async (db) => {
        const grant = (await activeSupportGrants(db, tenantId)).items[0];
        // No grant and no such account answer alike: the provider learns nothing without consent.
        if (!grant) throw new ApiError(404, 'not_found', 'This account has not granted support access (or it has ended).', { reason: 'not-found', params: { kind: 'support-grant' } });
        // Written into the client's log by the provider's transaction (decision 0010's switch).
        await asTenant(db, tenantId, () =>
          recordAudit(db, auth, { action: 'support.open', targetType: 'support-grant', targetId: grant.id, targetLabel: grant.access === 'write' ? 'read-write' : 'read-only' }),
        );
        const iat = await databaseNowSeconds(db);
        const exp = Math.min(Math.floor(iat) + options.accessTokenTtlSeconds, Math.floor(Date.parse(grant.expiresAt) / 1000));
        const accessToken = signAccessToken(
          { sub: auth.userId, tid: tenantId, role: auth.role, gids: grant.groupIds, iat, exp, ...(auth.sessionId ? { sid: auth.sessionId } : {}), sup: { g: grant.id, a: grant.access, p: auth.tenantId } },
          options.signingKey,
        );
        return { accessToken, expiresAt: new Date(exp * 1000).toISOString(), grant };
      });
    },
  );
};
