import { join } from 'node:path';
import { repoRoot, startFleetCloud } from './start-fleet-cloud.ts';

/** `npm run server`: configuration from the environment, graceful close on SIGINT/SIGTERM. */
function readPort(): number {
  const raw = process.env.PORT ?? '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, not "${raw}"`);
  return port;
}

function readFlag(name: string): boolean | undefined {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (also 1/0, yes/no, on/off), not "${raw}"`);
}

function readSeconds(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) throw new Error(`${name} must be a whole number of seconds of at least 1, not "${raw}"`);
  return value;
}

function readCount(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const fleet = await startFleetCloud({
    port: readPort(),
    host: process.env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: process.env.DATA_DIR || join(repoRoot, '.data'),
    seedDemo: readFlag('SEED_DEMO'),
    authSecret: process.env.AUTH_SECRET || undefined,
    // Short lifetimes let the console's tests see tokens expire (default 15 minutes).
    accessTokenTtlSeconds: readSeconds('ACCESS_TOKEN_TTL_SECONDS'),
    // The provider's map archive for offline region packs (default: the shipped basemap).
    mapArchivePath: process.env.MAP_ARCHIVE || undefined,
    // Prometheus scrapes GET /metrics with this bearer token; without it metrics are off (decision 0211).
    metricsToken: process.env.METRICS_TOKEN || undefined,
    metricsTenantLabels: readCount('METRICS_TENANT_LABELS'),
    // Fastify logs "Fleet cloud listening at <url>" as its one start-up line at info level.
    logger: { level: process.env.LOG_LEVEL || 'info' },
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    fleet.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Fleet cloud did not close cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Fleet cloud failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
