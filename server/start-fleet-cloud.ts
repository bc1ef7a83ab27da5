import { join } from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.ts';
import { appConfig } from './config.ts';
import { bootstrapDatabase } from './db/bootstrap.ts';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './db/embedded-postgres.ts';
import { createFleetDb, type FleetDb } from './db/fleet-db.ts';
import { listenBacklog } from './http/front-door.ts';

export interface FleetCloudOptions {
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Owner connection of any PostgreSQL. Absent: embedded PostgreSQL in `<dataDir>/pg`. */
  databaseUrl?: string;
  /** Default `<repo>/.data`. Only used for embedded PostgreSQL. */
  dataDir?: string;
  /** Seed the demo tenants and accounts. Default: on with embedded PostgreSQL, off otherwise. */
  seedDemo?: boolean;
  /** Overrides the token-signing key stored in the database (min. 32 characters). */
  authSecret?: string;
  /** Access-token lifetime; shorten it in tests of expiry. Default 15 minutes. */
  accessTokenTtlSeconds?: number;
  /** The PMTiles archive region packs are cut from (AppConfig.mapArchivePath). Default: the shipped basemap. */
  mapArchivePath?: string;
  logger?: FastifyServerOptions['logger'];
  /** The notification dispatcher's and escalation's clock (tests of retries and escalation move it). */
  notificationClock?: () => number;
  /** How often escalation is checked (default 30 s; E2E tests that move the clock check often). */
  escalationEveryMs?: number;
  /** The bearer token Prometheus scrapes GET /metrics with (≥ 32 characters); absent: metrics are off. */
  metricsToken?: string | undefined;
  /** Tenants with a metrics label of their own (default 100, decision 0211). */
  metricsTenantLabels?: number | undefined;
}

export interface FleetCloud {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The owner connection (migrations, bootstrap): for tests that must act as the database's owner. */
  ownerUrl: string;
  /** Stops accepting requests, closes the pool, stops embedded PostgreSQL. Safe to call twice. */
  close(): Promise<void>;
}

export const repoRoot = join(import.meta.dirname, '..');
const embeddedDatabase = 'fleet';

/** Starts the whole fleet cloud: database (embedded or given), bootstrap, HTTP server. */
export async function startFleetCloud(options: FleetCloudOptions = {}): Promise<FleetCloud> {
  if (options.authSecret !== undefined && options.authSecret.length < 32) {
    throw new Error('AUTH_SECRET must be at least 32 characters long');
  }
  const cleanup: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    let ownerUrl = options.databaseUrl;
    if (!ownerUrl) {
      const embedded: RunningEmbeddedPostgres = await startEmbeddedPostgres({
        dir: join(options.dataDir ?? join(repoRoot, '.data'), 'pg'),
      });
      cleanup.push(() => embedded.stop());
      await embedded.ensureDatabase(embeddedDatabase);
      ownerUrl = embedded.url(embeddedDatabase);
    }
    const boot = await bootstrapDatabase({ ownerUrl, seedDemo: options.seedDemo ?? !options.databaseUrl });
    const db: FleetDb = createFleetDb({ connectionString: boot.appUrl });
    cleanup.push(() => db.close());
    const config = appConfig(options.authSecret ?? boot.signingKey, {
      ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
      ...(options.mapArchivePath ? { mapArchivePath: options.mapArchivePath } : {}),
    });
    if (options.notificationClock || options.escalationEveryMs) {
      config.notifications = { ...(options.notificationClock ? { now: options.notificationClock } : {}), ...(options.escalationEveryMs ? { escalationEveryMs: options.escalationEveryMs } : {}) };
    }
    config.metrics = { token: options.metricsToken, tenantLabelLimit: options.metricsTenantLabels };
    const app = await buildApp({ db, config, logger: options.logger ?? false });
    cleanup.push(() => app.close());
    const host = options.host ?? '127.0.0.1';
    await app.listen({
      port: options.port ?? 8080,
      host,
      backlog: listenBacklog,
      listenTextResolver: (address) => `Fleet cloud listening at ${address}`,
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${urlHost}:${port}`, ownerUrl, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
