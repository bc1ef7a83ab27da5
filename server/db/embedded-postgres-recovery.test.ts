import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { processesWith, spawnNode, waitForExit } from '../test/processes.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresEvent, type RunningEmbeddedPostgres } from './embedded-postgres.ts';
import { isPostmasterOf, processAlive } from './postmaster.ts';

const holder = join(import.meta.dirname, '../test/hold-embedded-postgres.ts');

async function canQuery(cluster: RunningEmbeddedPostgres): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

/** A fleet cloud stand-in in another process that ran the cluster in `dir`, then died by SIGKILL. */
async function holdThenKill(dir: string, alsoKillGuard: boolean): Promise<number> {
  const { child, line } = await spawnNode([holder, dir], /postmaster/);
  const postmaster = (JSON.parse(line) as { postmaster: number }).postmaster;
  if (alsoKillGuard) {
    const guards = processesWith('postgres-guard.ts', join(dir, 'cluster'));
    expect(guards).toHaveLength(1);
    for (const pid of guards) process.kill(pid, 'SIGKILL');
    await Promise.all(guards.map((pid) => waitForExit(pid)));
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return postmaster;
}

// Each test starts and kills PostgreSQL clusters and fleet clouds: up to a minute on a busy machine.
describe('embedded PostgreSQL survives the crash of whoever started it (R1)', { timeout: 120_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleet-pg-recovery-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  const start = async (dir: string, events: EmbeddedPostgresEvent[] = []) => {
    const cluster = await startEmbeddedPostgres({ dir, onEvent: (e) => events.push(e), watchMs: 100 });
    cleanup.push(() => cluster.stop());
    return cluster;
  };

  it('the guard stops the database of a fleet cloud killed with SIGKILL, and the next start succeeds', async () => {
    const dir = await tempDir();
    const postmaster = await holdThenKill(dir, false);
    await waitForExit(postmaster);
    const events: EmbeddedPostgresEvent[] = [];
    const cluster = await start(dir, events);
    expect(await canQuery(cluster)).toBe(1);
    expect(events).toEqual([]);
  });

  it('an orphaned postmaster (its fleet cloud and guard both killed) is stopped and the cluster started again', async () => {
    const dir = await tempDir();
    const orphan = await holdThenKill(dir, true);
    expect(processAlive(orphan)).toBe(true);
    const events: EmbeddedPostgresEvent[] = [];
    const cluster = await start(dir, events);
    expect(events).toEqual([{ type: 'reclaimed', what: 'orphan-stopped' }]);
    // Gone as a postmaster (a zombie left unreaped by PID 1 in a container has no command line).
    expect(isPostmasterOf(orphan, join(dir, 'cluster'))).toBe(false);
    expect(cluster.pid).not.toBe(orphan);
    expect(await canQuery(cluster)).toBe(1);
  });

  it('refuses a data directory whose database a live fleet cloud is running, and leaves it running', async () => {
    const dir = await tempDir();
    const { child, line } = await spawnNode([holder, dir], /postmaster/);
    const postmaster = (JSON.parse(line) as { postmaster: number }).postmaster;
    cleanup.push(async () => {
      child.kill('SIGKILL');
      await waitForExit(postmaster);
    });
    await expect(startEmbeddedPostgres({ dir })).rejects.toThrow(/in use by another fleet cloud \(process \d+\)/);
    expect(processAlive(postmaster)).toBe(true);
  });

  it('removes a lock file that names a live process which is not this cluster’s postmaster (a recycled pid)', async () => {
    const [dirA, dirB] = [await tempDir(), await tempDir()];
    await (await startEmbeddedPostgres({ dir: dirB })).stop();
    const other = await start(dirA);
    // After a reboot the old pid may belong to another PostgreSQL: PostgreSQL alone refuses to start.
    await writeFile(join(dirB, 'cluster', 'postmaster.pid'), `${other.pid}\n${join(dirB, 'cluster')}\n`);
    const events: EmbeddedPostgresEvent[] = [];
    const cluster = await start(dirB, events);
    expect(events).toEqual([{ type: 'reclaimed', what: 'stale-lock-file' }]);
    expect(await canQuery(cluster)).toBe(1);
    expect(await canQuery(other)).toBe(1);
  });

  it('starts the database again on the same port when it is killed under the server (R2)', async () => {
    const dir = await tempDir();
    const events: EmbeddedPostgresEvent[] = [];
    const cluster = await start(dir, events);
    const first = cluster.pid as number;
    process.kill(first, 'SIGKILL');
    await waitForExit(first);
    const until = Date.now() + 30_000;
    while (!events.some((e) => e.type === 'restarted') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(events.map((e) => e.type).filter((t) => t !== 'restart-failed')).toEqual(['died', 'restarted']);
    expect(cluster.pid).not.toBe(first);
    expect(await canQuery(cluster)).toBe(1);
  });

  it('a stopped throw-away cluster leaves no process and no guard behind', async () => {
    const dir = await tempDir();
    const cluster = await startEmbeddedPostgres({ dir, ephemeral: true });
    const pid = cluster.pid as number;
    const guards = processesWith('postgres-guard.ts', join(dir, 'cluster'));
    expect(guards).toHaveLength(1);
    await cluster.stop();
    await waitForExit(pid);
    for (const guard of guards) await waitForExit(guard);
  });
});
