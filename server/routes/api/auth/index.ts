import { Type } from 'typebox';
import {
  SignInRequest,
  SignInResponse,
  SignOutRequest,
  TokenRequest,
  TokenResponse,
} from '../../../../contract/api/auth.ts';
import type { AuthService } from '../../../auth/auth-service.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';

/** Public: these are how a client gets its tokens. Wire format: contract/api/auth.ts. */
export const authRoutes: RoutePlugin<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/sign-in',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in with username and password; returns memberships and a refresh token',
        tags: ['auth'],
        body: SignInRequest,
        response: { 200: SignInResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => auth.signIn(request.body.username, request.body.password, request.ip),
  );

  app.post(
    '/token',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Exchange (and rotate) a refresh token for an access token in one tenant',
        tags: ['auth'],
        body: TokenRequest,
        response: { 200: TokenResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => auth.exchange(request.body.refreshToken, request.body.tenantId),
  );

  app.post(
    '/sign-out',
    {
      config: { access: 'public' },
      schema: {
        summary: 'End the session (revokes every refresh token descending from the sign-in)',
        tags: ['auth'],
        body: SignOutRequest,
        response: { 204: Type.Null({ description: "Signed out" }), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await auth.signOut(request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
};
