import { Type } from 'typebox';
import { loadMigrations } from '../db/migrations-runner.ts';
import type { RoutePlugin } from '../http/wire-types.ts';

const retryAfterSeconds = 5;

const NotReady = Type.Object({
  status: Type.Literal('not-ready'),
  /** database-unreachable: no answer; migrations-pending: the schema is older than this build. */
  reason: Type.Union([Type.Literal('database-unreachable'), Type.Literal('migrations-pending')]),
  /** The newest migration this build ships, and the newest the database has (when it answered). */
  expectedVersion: Type.Integer(),
  databaseVersion: Type.Union([Type.Integer(), Type.Null()]),
  retryAfterSeconds: Type.Integer(),
});

/**
 * Kubernetes-style probes (decision 0211). `/livez`: the process serves requests — a supervisor
 * restarts it only when this fails, never because the database is away (the instance recovers
 * by itself, decision 0111). `/readyz`: send it traffic — the database answers and holds every
 * migration this build ships. `/health` (older, kept for existing load balancers) is readiness
 * without the migration check.
 */
export const readinessRoutes: RoutePlugin = async (app) => {
  // Read once: the build's migrations do not change while it runs.
  const expected = loadMigrations().then((all) => all.reduce((max, m) => Math.max(max, m.version), 0));

  app.get(
    '/livez',
    {
      config: { access: 'public' },
      schema: { summary: 'Liveness: the process serves requests (says nothing about the database)', tags: ['system'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Readiness: the database answers and its schema is up to date',
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.Literal('ready'), schemaVersion: Type.Integer() }), 503: NotReady },
      },
    },
    async (request, reply) => {
      const expectedVersion = await expected;
      let databaseVersion: number | null = null;
      if (app.db.health.available) {
        try {
          const result = await app.db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
          databaseVersion = result.rows[0]?.version ?? 0;
        } catch (error) {
          request.log.warn({ err: error }, 'readiness: database unreachable');
        }
      }
      if (databaseVersion !== null && databaseVersion >= expectedVersion) return { status: 'ready' as const, schemaVersion: databaseVersion };
      return reply
        .code(503)
        .header('retry-after', String(retryAfterSeconds))
        .send({
          status: 'not-ready' as const,
          reason: databaseVersion === null ? ('database-unreachable' as const) : ('migrations-pending' as const),
          expectedVersion,
          databaseVersion,
          retryAfterSeconds,
        });
    },
  );
};
