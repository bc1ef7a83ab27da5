import { fileURLToPath } from 'node:url';
import { createServices } from '../core/create-services.ts';
import { startWebHost } from './web-host.ts';

/**
 * `npm run console:web`: the console engine under plain Node, serving the built renderer to a
 * browser. PORT picks the loopback port (default: any free one).
 */
const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const services = createServices();
const host = await startWebHost({ services, rendererDir, port: Number(process.env.PORT ?? 0) });
console.log(`Fleet console (web host) ready — open ${host.launchUrl}`);

const stop = async () => {
  await host.close();
  await services.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
