import { Type } from 'typebox';
import { ApiError } from '../http/api-error.ts';
import { errorResponses } from '../http/error-responses.ts';
import type { RoutePlugin } from '../http/wire-types.ts';

/** Liveness that means something: answers ok only when the database answers too. */
export const healthRoutes: RoutePlugin = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Health check (includes the database)',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errorResponses(503) },
      },
    },
    async (request) => {
      try {
        await app.db.query('SELECT 1');
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        throw new ApiError(503, 'internal', 'The database is not reachable.', { reason: 'database-unreachable' });
      }
      return { status: 'ok' as const };
    },
  );
};
