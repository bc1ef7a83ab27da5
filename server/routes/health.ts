import { Type } from 'typebox';
import type { RoutePlugin } from '../http/wire-types.ts';

/** How long a load balancer or device should wait before asking again while degraded. */
const retryAfterSeconds = 5;

const Degraded = Type.Object({
  status: Type.Literal('degraded'),
  reason: Type.Literal('database-unreachable'),
  /** When this instance first failed to reach the database (ISO 8601). */
  since: Type.String({ format: 'date-time' }),
  retryAfterSeconds: Type.Integer(),
});

/**
 * Liveness that means something: ok only when the database answers. While it does not, the
 * process stays up (decision 0111) and says `degraded` with 503 + Retry-After, so a load
 * balancer sends traffic elsewhere and a supervisor sees why.
 */
export const healthRoutes: RoutePlugin = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Health check (includes the database)',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Degraded },
      },
    },
    async (request, reply) => {
      if (app.db.health.available) {
        try {
          await app.db.query('SELECT 1');
          return { status: 'ok' as const };
        } catch (error) {
          // The pool's health saw the error too (a connection-class one marks it down).
          request.log.error({ err: error }, 'health check: database unreachable');
        }
      }
      const status = app.db.health.status;
      const since = status.state === 'down' ? status.since : Date.now();
      return reply
        .code(503)
        .header('retry-after', String(retryAfterSeconds))
        .send({ status: 'degraded' as const, reason: 'database-unreachable' as const, since: new Date(since).toISOString(), retryAfterSeconds });
    },
  );
};
