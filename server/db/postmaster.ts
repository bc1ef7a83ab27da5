import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Knows the processes around an embedded PostgreSQL data directory: the postmaster that
 * `postmaster.pid` names, and the fleet-cloud process that started it (`owner.pid`, written by
 * us next to the cluster). Linux facts come from /proc; where there is no /proc (macOS
 * development machines) nothing is ever signalled and PostgreSQL's own lock-file check decides.
 * See docs/decisions/0110-embedded-postgres-is-reclaimed-and-guarded.md.
 */

/**
 * Whether a process with this id runs (EPERM: it exists but belongs to another user). A zombie
 * (dead, not yet reaped — PID 1 of a container may never reap) does not run.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!existsSync('/proc/self')) return true; // no /proc (macOS): kill(0) is all we know
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false; // gone meanwhile
  }
}

/** The postmaster's pid as its lock file names it; null when there is no (readable) lock file. */
export function postmasterPid(clusterDir: string): number | null {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Whether `pid` is a running postmaster of exactly this data directory (its command line is
 * `postgres -D <clusterDir> …`). A recycled pid of an unrelated process is not.
 */
export function isPostmasterOf(pid: number, clusterDir: string): boolean {
  const args = commandLine(pid);
  if (!args) return false;
  const at = args.indexOf('-D');
  return at >= 0 && args[at + 1] !== undefined && resolve(args[at + 1] as string) === resolve(clusterDir);
}

function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Kernel start time of a process (clock ticks since boot): with the pid, it names one process. */
export function processStartTime(pid: number): string | null {
  try {
    // Field 22; the command name (field 2) may hold spaces, so count from its closing paren.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Stops a postmaster and waits until it is gone: fast shutdown (SIGINT: roll back, disconnect,
 * checkpoint), then immediate shutdown (SIGQUIT) and SIGKILL if it does not go. Returns how it
 * ended. Signals only a process that is still a postmaster of `clusterDir`.
 */
export async function stopPostmaster(pid: number, clusterDir: string, graceMs = 10_000): Promise<'stopped' | 'killed' | 'gone'> {
  for (const [signal, waitMs] of [['SIGINT', graceMs], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    if (!isPostmasterOf(pid, clusterDir)) return signal === 'SIGINT' ? 'gone' : 'stopped';
    try {
      process.kill(pid, signal);
    } catch {
      return 'gone';
    }
    for (let waited = 0; waited < waitMs && processAlive(pid) && isPostmasterOf(pid, clusterDir); waited += 50) await delay(50);
    if (!isPostmasterOf(pid, clusterDir)) return signal === 'SIGKILL' ? 'killed' : 'stopped';
  }
  throw new Error(`PostgreSQL (pid ${pid}) of ${clusterDir} did not stop, even after SIGKILL`);
}

interface OwnerRecord {
  pid: number;
  startTime: string | null;
}

const ownerFile = (dir: string) => join(dir, 'owner.pid');

/** Records this process as the one running the cluster in `dir`. */
export async function claimOwnership(dir: string): Promise<void> {
  const record: OwnerRecord = { pid: process.pid, startTime: processStartTime(process.pid) };
  await writeFile(ownerFile(dir), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export async function releaseOwnership(dir: string): Promise<void> {
  await rm(ownerFile(dir), { force: true });
}

/** The live process (not this one) recorded as running the cluster in `dir`, else null. */
async function liveOwner(dir: string): Promise<number | null> {
  let record: OwnerRecord;
  try {
    record = JSON.parse(await readFile(ownerFile(dir), 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
  if (record.pid === process.pid || !processAlive(record.pid)) return null;
  // Same pid, different start time: the owner died and its pid was given to another process.
  if (record.startTime !== null && processStartTime(record.pid) !== record.startTime) return null;
  return record.pid;
}

export type Reclaimed = 'none' | 'stale-lock-file' | 'orphan-stopped';

/**
 * Before starting the cluster in `dir`: a postmaster still running on it whose fleet cloud is
 * gone (killed with SIGKILL, crashed) is an orphan and is stopped; a lock file naming a process
 * that is not a postmaster of this directory (a recycled pid) is removed, which PostgreSQL
 * itself refuses to do when that process runs as the same user. A postmaster whose owner is
 * alive is another fleet cloud's: that is an error, never touched.
 */
export async function reclaimDataDir(dir: string, clusterDir: string): Promise<Reclaimed> {
  const pid = postmasterPid(clusterDir);
  if (pid === null) return 'none';
  if (!existsSync('/proc')) return 'none';
  if (!isPostmasterOf(pid, clusterDir)) {
    if (processAlive(pid)) {
      await rm(join(clusterDir, 'postmaster.pid'), { force: true });
      return 'stale-lock-file';
    }
    return 'none'; // a dead pid: PostgreSQL replaces its lock file itself
  }
  const owner = await liveOwner(dir);
  if (owner !== null) {
    throw new Error(`Embedded PostgreSQL in ${clusterDir} is in use by another fleet cloud (process ${owner}); stop it first or use another DATA_DIR`);
  }
  await stopPostmaster(pid, clusterDir);
  return 'orphan-stopped';
}
