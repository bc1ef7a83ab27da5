import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices } from '../core/create-services.ts';
import { LaunchKey } from './launch-key.ts';
import { startWebHost } from './web-host.ts';

/**
 * `npm run console:web` and `npm start` without Electron: the console engine under plain Node,
 * serving the built renderer to a browser. Runs as the bundle out/web-host/index.js (built by
 * `npm run build`), next to out/renderer. PORT picks the loopback port (default: any free one);
 * CONSOLE_PROFILE_DIR the profile (offline caches, profile.json; default ~/.fleet-console).
 * Sign-ins go to the OS keychain, or stay in memory where there is none (no safeStorage outside
 * Electron). Prints one line with the launch URL, which `npm start` reads.
 */
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
const profileDir = process.env.CONSOLE_PROFILE_DIR ?? join(homedir(), '.fleet-console');
const services = await openServices({ profileDir });
const key = await LaunchKey.forProfile(profileDir);
const host = await startWebHost({ services, rendererDir, port: Number(process.env.PORT ?? 0), key });
console.log(`Fleet console (web host) ready — open ${host.launchUrl}`);

const stop = async () => {
  await host.close();
  await services.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
