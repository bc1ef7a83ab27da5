import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');

export interface FleetCloudChildOptions {
  /** DATA_DIR: the embedded PostgreSQL's folder; reuse it to restart on the same data. */
  dataDir: string;
  /** PORT; 0 (default) picks a free one, the previous run's port restarts at the same URL. */
  port?: number;
  /** More environment (ACCESS_TOKEN_TTL_SECONDS, MAP_ARCHIVE, …) on top of this process's. */
  env?: NodeJS.ProcessEnv;
}

export interface FleetCloudChild {
  child: ChildProcess;
  url: string;
  port: number;
}

const startTimeoutMs = 60_000;

/**
 * The real fleet cloud in its own process, started through `server/main.ts` as `npm run server`
 * does (embedded PostgreSQL in `dataDir`, demo data): for tests that must kill, halt or restart
 * it. Shared by the chaos suite (server/chaos/) and the engine's tests
 * (electron/core/test/fleet-cloud-process.ts, the one engine file lint lets import it): it starts
 * the server by path and imports none of its modules, so the engine still knows no server code.
 * Resolves with its URL once it listens; rejects with its output if it exits or takes over 60 s.
 */
export function startFleetCloudChild(options: FleetCloudChildOptions): Promise<FleetCloudChild> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(options.port ?? 0), DATA_DIR: options.dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'info' };
  const child = spawn(join(repoRoot, 'node_modules/.bin/node'), [join(repoRoot, 'server/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`the fleet cloud ${why}:\n${output}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not listen within ${startTimeoutMs / 1000} s`);
    }, startTimeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited (${code ?? signal}) before it listened`);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const url = /Fleet cloud listening at (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining the pipes: a full pipe would block the server's logging.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ child, url, port: Number(new URL(url).port) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
