/**
 * `npm run server:prod` and the container's command: the fleet cloud with production defaults.
 * Unlike `npm run server` (a developer's machine) it never picks a database by itself: give
 * DATABASE_URL, or ask for embedded PostgreSQL in DATA_DIR with EMBEDDED_POSTGRES=1 (one machine,
 * no separate database server). The demo world is loaded only with SEED_DEMO=1. Everything else,
 * and the graceful close on SIGINT/SIGTERM, is main.ts.
 */

/** The reason the environment cannot start a production server, or null when it can. */
export function productionEnvironmentProblem(env: NodeJS.ProcessEnv): string | null {
  const embedded = env.EMBEDDED_POSTGRES?.trim().toLowerCase() ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(embedded)) {
    return `EMBEDDED_POSTGRES must be 1 or 0 (also true/false), not "${env.EMBEDDED_POSTGRES}"`;
  }
  const wantsEmbedded = embedded === '1' || embedded === 'true';
  if (env.DATABASE_URL && wantsEmbedded) {
    return 'DATABASE_URL and EMBEDDED_POSTGRES=1 are both set: choose one database';
  }
  if (!env.DATABASE_URL && !wantsEmbedded) {
    return 'DATABASE_URL is required in production (the owner connection, e.g. postgres://fleet_owner:…@db:5432/fleet); set EMBEDDED_POSTGRES=1 instead to run on embedded PostgreSQL in DATA_DIR';
  }
  return null;
}

if (import.meta.main) {
  const problem = productionEnvironmentProblem(process.env);
  if (problem !== null) {
    console.error(`Fleet cloud failed to start: ${problem}`);
    process.exit(1);
  }
  // main.ts seeds the demo world by default on embedded PostgreSQL; production asks for it.
  process.env.SEED_DEMO ||= '0';
  await import('./main.ts');
}
