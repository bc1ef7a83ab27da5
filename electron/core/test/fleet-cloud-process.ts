import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface FleetCloudProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * The real fleet cloud (embedded PostgreSQL, demo data) in a child process, started through
 * `server/main.ts` as `npm run server` does: the engine's tests talk to it over HTTP only,
 * and the engine's lint boundary (no server/ imports) holds for its tests too.
 */
export async function startFleetCloudProcess(): Promise<FleetCloudProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-engine-test-'));
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/node'), [join(repoRoot, 'server/main.ts')], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`fleet cloud did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Fleet cloud listening at (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fleet cloud exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
