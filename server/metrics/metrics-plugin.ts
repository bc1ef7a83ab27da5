import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/api-error.ts';
import { FleetMetrics } from './fleet-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics; the monitoring plugin connects ingest, pool and stream to it. */
    metrics: FleetMetrics;
  }
}

export interface MetricsOptions {
  /**
   * The bearer token Prometheus presents on GET /metrics (METRICS_TOKEN, ≥ 32 characters).
   * Without one the endpoint answers 404 `metrics-not-configured`: metrics are off, not open
   * (decision 0211).
   */
  token?: string | undefined;
  /** Tenants with a label of their own (METRICS_TENANT_LABELS, default 100). */
  tenantLabelLimit?: number | undefined;
  /** Node process metrics (CPU, heap, event-loop lag); tests that build many apps switch them off. */
  processMetrics?: boolean;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Decorates `app.metrics`, times every request (route template, never the raw URL: bounded
 * labels), counts ingest requests refused as a whole, and serves GET /metrics to the holder of
 * the metrics token. Wrapped in fastify-plugin because its hooks must see every route.
 */
export const metricsPlugin = fp(async function metrics(app: FastifyInstance, options: MetricsOptions) {
  if (options.token !== undefined && options.token.length < 32) throw new Error('METRICS_TOKEN must be at least 32 characters long');
  const metrics = new FleetMetrics({ tenantLabelLimit: options.tenantLabelLimit, processMetrics: options.processMetrics ?? true });
  app.decorate('metrics', metrics);

  const refusedBecause = new WeakMap<FastifyRequest, string>();
  // Callback hooks, not async ones: they run for every request (a phone's every fix), and an async
  // hook costs a promise and its continuation each time.
  app.addHook('onError', (request, _reply, error, done) => {
    if (error instanceof ApiError) refusedBecause.set(request, error.reason);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    // routeOptions builds a new object on every read: once.
    const { url = 'unmatched', config } = request.routeOptions;
    if (config.access === 'device') {
      metrics.ingestRequest(url, seconds);
      // Whole requests shed or throttled; refused records are counted by ingest itself.
      if (reply.statusCode === 429 || reply.statusCode === 503) metrics.ingestRequestRefused(refusedBecause.get(request) ?? `status-${reply.statusCode}`);
    } else metrics.httpRequest(request.method, url, reply.statusCode, seconds);
    done();
  });

  app.get(
    '/metrics',
    { config: { access: 'scraper' }, schema: { hide: true } },
    async (request, reply) => {
      if (options.token === undefined) {
        throw new ApiError(404, 'not_found', 'Metrics are off on this instance: set METRICS_TOKEN to serve them.', { reason: 'metrics-not-configured' });
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!match?.[1] || !sameSecret(match[1], options.token)) {
        throw new ApiError(401, 'unauthenticated', 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".', { reason: 'metrics-token-invalid' });
      }
      const body = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).send(body);
    },
  );
});
