/**
 * `npm start`: the whole thing on one machine. Starts the fleet cloud on embedded PostgreSQL
 * with demo data, then opens the desktop console; where Electron cannot run, serves the very
 * same console to a browser on a loopback URL.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startWebHostProcess } from '../electron/web-host/web-host-process.ts';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';
import { demoOperator, startSimulation } from '../simulator/simulation-runner.ts';
import { electronAvailability } from './electron-availability.ts';

const root = join(import.meta.dirname, '..');
const cloud = await startFleetCloud({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ?? join(root, '.data'),
  seedDemo: true,
});
console.log(`Fleet cloud ready at ${cloud.url}  (demo users: maria, erik, sofia, viktor, operator — password demo-password-1)`);

const closers: Array<() => Promise<void>> = [() => cloud.close()];
const shutdown = async (code = 0): Promise<never> => {
  for (const close of closers.reverse()) await close().catch((error: unknown) => console.error(error));
  process.exit(code);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

// The demo fleet: every assigned demo unit drives around Gothenburg at 1 Hz through the real
// ingest protocols (simulator/README.md). SIMULATE=0 turns it off.
if (process.env.SIMULATE !== '0') {
  try {
    const simulation = await startSimulation({
      server: cloud.url, rateHz: 1, seed: 1, provision: false, operator: demoOperator, geofences: true, statusEveryS: 60,
      log: (line) => console.log(line),
    });
    closers.push(() => simulation.stop());
  } catch (error) {
    console.error(`Demo fleet simulator not started: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const electron = electronAvailability(root);
if (electron.ok) {
  const app = spawn(electron.binary, [join(root, 'out/main/index.js')], { stdio: 'inherit' });
  app.on('exit', (code) => void shutdown(code ?? 0));
} else {
  // The web host bundle (out/web-host/index.js, what `npm run console:web` runs) in its own
  // process, as the desktop app runs its engine in its own process. A lasting profile (offline
  // caches, restored sign-ins via the OS keychain where there is one), like the desktop app's
  // userData folder; CONSOLE_PROFILE_DIR moves it.
  const webHost = await startWebHostProcess({
    port: Number(process.env.CONSOLE_PORT ?? 5180),
    profileDir: process.env.CONSOLE_PROFILE_DIR ?? join(root, '.data', 'console-profile'),
    onOutput: (line) => console.log(line),
  }).catch(async (error: unknown) => {
    console.error(`The console's web host did not start: ${error instanceof Error ? error.message : String(error)}`);
    return shutdown(1);
  });
  let stopping = false;
  closers.push(() => {
    stopping = true;
    return webHost.stop();
  });
  void webHost.exited.then((code) => {
    if (stopping) return;
    console.error(`The console's web host stopped (exit code ${code ?? 'none'}).`);
    void shutdown(code || 1);
  });
  console.log(`Desktop app not opened: ${electron.reason}.`);
  console.log(`Console ready — open ${webHost.launchUrl}`);
}
