import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { isPostmasterOf, postmasterPid, stopPostmaster } from './postmaster.ts';

/**
 * The embedded PostgreSQL's guard: a tiny process that outlives the fleet cloud only to stop
 * the database it started. It holds the read end of a pipe whose write end only the fleet cloud
 * holds; the kernel closes that pipe however the fleet cloud ends (exit, crash, SIGKILL), so the
 * guard needs no polling. It runs in its own process group, so a Ctrl-C or a kill of the fleet
 * cloud's group does not take it down first. A clean stop of the cluster dismisses it (SIGTERM)
 * before it has anything to do. Decision 0110.
 */

export interface PostgresGuard {
  /** The cluster was stopped cleanly: the guard exits without doing anything. */
  dismiss(): void;
  readonly pid: number | undefined;
}

/**
 * Starts the guard for the cluster in `clusterDir`. `removeDir`: a throw-away cluster's folder,
 * deleted after the stop (test clusters leave nothing behind).
 */
export function startPostgresGuard(clusterDir: string, removeDir?: string): PostgresGuard {
  const args = [import.meta.filename, clusterDir, ...(removeDir ? [removeDir] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the child nor its pipe may keep the fleet cloud's event loop alive.
  child.unref();
  if (child.stdin instanceof Socket) child.stdin.unref();
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  return {
    pid: child.pid,
    dismiss: () => {
      child.kill('SIGTERM');
    },
  };
}

/** The guard process itself: waits for its parent's pipe to close, then stops the cluster. */
async function guard(clusterDir: string, removeDir: string | undefined): Promise<void> {
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
    process.stdin.on('error', () => resolve());
    process.stdin.resume();
  });
  const pid = postmasterPid(clusterDir);
  if (pid !== null && isPostmasterOf(pid, clusterDir)) await stopPostmaster(pid, clusterDir);
  if (removeDir) await rm(removeDir, { recursive: true, force: true });
}

if (import.meta.main) {
  const [clusterDir, removeDir] = process.argv.slice(2);
  if (!clusterDir) process.exit(2);
  guard(clusterDir, removeDir).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
