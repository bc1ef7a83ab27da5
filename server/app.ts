import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AuthService } from './auth/auth-service.ts';
import type { AppConfig } from './config.ts';
import type { FleetDb } from './db/fleet-db.ts';
import type { IngestOptions } from './ingest/ingest-pipeline-types.ts';
import { apiErrorSchema } from './http/error-responses.ts';
import { FrontDoor } from './http/front-door.ts';
import { refuseNulCharacters } from './http/nul-guard.ts';
import { enforceDeclaredAccess, requireDeclaredAccess } from './http/route-access.ts';
import { accessRevocationsPlugin, catchUpAfterChanges } from './plugins/app/access-revocations.ts';
import { authenticatePlugin } from './plugins/app/authenticate.ts';
import { databasePlugin } from './plugins/app/database.ts';
import { errorHandlerPlugin } from './plugins/app/error-handler.ts';
import { swaggerPlugin } from './plugins/external/swagger.ts';
import { authRoutes } from './routes/api/auth/index.ts';
import { deviceRoutes } from './routes/api/devices/index.ts';
import { meRoutes } from './routes/api/me/index.ts';
import { tenancyRoutes } from './routes/api/tenancy-routes.ts';
import { healthRoutes } from './routes/health.ts';
import { supportRoutes } from './routes/api/support/index.ts';
import { readinessRoutes } from './routes/readiness.ts';
import { metricsPlugin } from './metrics/metrics-plugin.ts';
import { monitoringPlugin } from './plugins/app/monitoring.ts';
import { plansPlugin } from './plugins/app/plans.ts';
import { monitoringRoutes } from './routes/api/monitoring-routes.ts';
import { exportDownloadRoute } from './routes/api/exports/download-route.ts';
import { lifecyclePlugin } from './plugins/app/lifecycle.ts';

export interface AppDeps {
  /** The app-role pool. The caller owns it and closes it after the app. */
  db: FleetDb;
  config: AppConfig;
  logger?: FastifyServerOptions['logger'];
  /** The ingest pipeline's batching and stage timings (the ingest benchmark sets them). */
  ingest?: IngestOptions;
  /**
   * Refuse an over-share tenant's phone reports below Fastify, in a raw request listener
   * (decision 0440). Default on; the refusal-cost benchmark switches it off for its A/B.
   */
  refuseBelowFastify?: boolean;
}

/**
 * Wires the fleet cloud: plugins first (OpenAPI, errors, database, authentication), then
 * routes. It does not listen and owns no resources, so tests drive it with `app.inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // The raw listener in front of Fastify: ingest refuses an over-share tenant there (decision 0440).
  const frontDoor = deps.refuseBelowFastify === false ? null : new FrontDoor();
  const app = Fastify({ logger: deps.logger ?? false, trustProxy: deps.config.trustProxy, ...(frontDoor ? { serverFactory: frontDoor.serverFactory } : {}) });
  // TypeBox's validator: bodies are checked as sent (no type coercion); query strings are converted.
  app.decorate('frontDoor', frontDoor);
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.addSchema(apiErrorSchema);
  // Before any route is registered, so every route (ingest's raw text bodies too) gets them.
  requireDeclaredAccess(app);
  refuseNulCharacters(app);

  await app.register(swaggerPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(databasePlugin, { db: deps.db });
  await app.register(accessRevocationsPlugin, { accessTokenTtlSeconds: deps.config.auth.accessTokenTtlSeconds });
  await app.register(authenticatePlugin, { signingKey: deps.config.auth.signingKey });
  // Plans per tenant (decision 0200): ingest's admission and the API rate, from memory.
  await app.register(plansPlugin);

  // Before the routes, so its timing hooks see every one of them; ingest reports to it.
  await app.register(metricsPlugin, deps.config.metrics ?? {});
  await app.register(healthRoutes);
  await app.register(readinessRoutes);
  await app.register(async (auth) => {
    catchUpAfterChanges(auth);
    await auth.register(authRoutes, { prefix: '/api/auth', auth: new AuthService(deps.db, deps.config.auth) });
  });
  // Monitoring (issue 4): device ingest (no token), the live stream (token checked per socket), jobs.
  await app.register(monitoringPlugin, {
    signingKey: deps.config.auth.signingKey,
    jobs: deps.config.monitoringJobs ?? true,
    ...(deps.config.notifications ? { notifications: deps.config.notifications } : {}),
    ...(deps.config.reports ? { reports: deps.config.reports } : {}),
    ingest: { admission: app.planAdmission, ...deps.ingest },
    ...(frontDoor ? { frontDoor, trustProxy: deps.config.trustProxy } : {}),
  });
  // Tenant lifecycle (decision 0250): the purge job; export downloads carry a one-time ticket, no token.
  await app.register(lifecyclePlugin, { jobs: deps.config.monitoringJobs ?? true });
  await app.register(exportDownloadRoute, { prefix: '/api/exports' });
  // Everything registered in here needs a valid access token.
  await app.register(async (api) => {
    api.addHook('onRequest', api.authenticate);
    api.addHook('onRequest', api.limitApiRate);
    enforceDeclaredAccess(api);
    catchUpAfterChanges(api);
    await api.register(meRoutes, { prefix: '/api/me' });
    await api.register(deviceRoutes, { prefix: '/api/devices' });
    // Tenancy administration (issue 3): see server/tenancy/README.md and docs/permissions.md.
    await api.register(tenancyRoutes);
    await api.register(monitoringRoutes, { mapArchivePath: deps.config.mapArchivePath });
    // Support access with consent (issue 14, decision 0210).
    await api.register(supportRoutes, { prefix: '/api/support', signingKey: deps.config.auth.signingKey, accessTokenTtlSeconds: deps.config.auth.accessTokenTtlSeconds });
  });
  return app;
}
