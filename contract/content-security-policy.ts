/**
 * The renderer's Content-Security-Policy, applied by every host: the Electron shell (response
 * header), the web host (response header) and the built index.html (meta tag). Scripts only from
 * our own bundle; workers from blob: for maplibre; connections to any http(s)/ws(s) origin because
 * the tenant's map style may live on its own tile server.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** In development only: Vite's React refresh preamble is an inline script. */
export const developmentContentSecurityPolicy = contentSecurityPolicy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
