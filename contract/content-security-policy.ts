/**
 * The renderer's Content-Security-Policy, applied by every host: the Electron shell (response
 * header), the web host (response header) and the built index.html (meta tag). Scripts only from
 * our own bundle; workers from blob: for maplibre. Connections: the renderer never talks to a fleet
 * cloud (the engine does); its one socket is the bridge to its own host ('self'), so no WebSocket
 * may go anywhere else. http(s) stays open to any origin because a tenant's online map (and an
 * admin's Preview of an address not saved yet) may live on any tile server
 * (docs/decisions/0141-renderer-connections-and-the-csp.md).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** In development only: Vite's React refresh preamble is an inline script. */
export const developmentContentSecurityPolicy = contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
