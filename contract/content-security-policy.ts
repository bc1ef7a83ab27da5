import { mapGatewayScheme } from './map-gateway.ts';

/**
 * The renderer's Content-Security-Policy, applied by every host: the Electron shell (response
 * header), the web host (response header) and the built index.html (meta tag). Scripts only from
 * our own bundle; workers from blob: for maplibre. Connections: the page's own host and nothing
 * else. The renderer never talks to a fleet cloud (the engine does); its one socket is the bridge
 * to its own host, and a tenant's online map (and an admin's Preview) is read through the host's
 * map gateway — a path of the web host ('self'), Electron's `fleet-map:` scheme — which the
 * engine answers for the saved map source only (docs/decisions/0240-map-gateway.md).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  `connect-src 'self' ${mapGatewayScheme}:`,
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** In development only: Vite's React refresh preamble is an inline script. */
export const developmentContentSecurityPolicy = contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
