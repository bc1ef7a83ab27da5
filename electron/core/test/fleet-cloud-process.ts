import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleetCloudChild, type FleetCloudChild } from '../../../server/test/fleet-cloud-child.ts';

export interface FleetCloudProcessOptions {
  /** Access-token lifetime of the server (ACCESS_TOKEN_TTL_SECONDS); default 15 minutes. */
  accessTokenTtlSeconds?: number;
  /** The PMTiles archive region packs are cut from (MAP_ARCHIVE); default the shipped basemap. */
  mapArchivePath?: string;
}

export interface FleetCloudProcess {
  url: string;
  /** The embedded PostgreSQL's folder: kept by `halt()`, deleted by `stop()`. */
  dataDir: string;
  /** Stops the server for good and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server (SIGTERM) but keeps its data, as an outage would. */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same data (after `halt()`). */
  restart(): Promise<void>;
}

type Running = FleetCloudChild;

/**
 * The real fleet cloud (embedded PostgreSQL, demo data) in a child process, started through
 * `server/main.ts` as `npm run server` does (server/test/fleet-cloud-child.ts, shared with the
 * chaos suite): the engine's tests talk to it over HTTP only, and the engine's lint boundary (no
 * server/ imports) holds for its tests too.
 * `halt()` + `restart()` simulate an outage: same URL, same data, every socket dropped.
 */
export async function startFleetCloudProcess(options: FleetCloudProcessOptions = {}): Promise<FleetCloudProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-engine-test-'));
  let running: Running | null = await launch(dataDir, 0, options);
  const url = running.url;
  const port = Number(new URL(url).port);

  const halt = async () => {
    const child = running?.child;
    running = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return {
    url,
    dataDir,
    halt,
    async restart() {
      if (running) throw new Error('the fleet cloud is running; halt() it first');
      running = await launch(dataDir, port, options);
    },
    async stop() {
      await halt();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function launch(dataDir: string, port: number, options: FleetCloudProcessOptions): Promise<Running> {
  const env: NodeJS.ProcessEnv = {};
  if (options.accessTokenTtlSeconds !== undefined) env.ACCESS_TOKEN_TTL_SECONDS = String(options.accessTokenTtlSeconds);
  if (options.mapArchivePath !== undefined) env.MAP_ARCHIVE = options.mapArchivePath;
  return startFleetCloudChild({ dataDir, port, env });
}
