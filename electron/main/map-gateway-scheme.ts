import { protocol } from 'electron';
import { mapGatewayForwardedHeaders, mapGatewayProblemHeader, mapGatewayScheme } from '../../contract/map-gateway.ts';
import { mapGatewayKeyHeader, type MapGatewayLink } from '../engine-host/engine-messages.ts';

/**
 * The map gateway's scheme (contract/map-gateway.ts) must be privileged before the app is ready:
 * fetch() and MapLibre's workers may use it (supportFetchAPI), the file:// page reads it with
 * CORS (corsEnabled), PMTiles reads stream by ranges (stream).
 */
export function registerMapGatewayScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: mapGatewayScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}

// The page is file:// (origin "null"): it may read these answers and the headers a Range read needs.
const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': mapGatewayForwardedHeaders.join(', '),
  'access-control-expose-headers': ['content-length', 'content-range', 'accept-ranges', 'etag', 'cache-control', 'expires', mapGatewayProblemHeader].join(', '),
};

/**
 * Answers `fleet-map://gateway/?url=…` by forwarding it to the engine's loopback gateway (the
 * engine checks the address and fetches it): main only relays, with the key the engine gave it.
 */
export function handleMapGatewayScheme(engineGateway: () => MapGatewayLink | null): void {
  protocol.handle(mapGatewayScheme, async (request) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    const link = engineGateway();
    if (!link) return new Response('The console engine is starting.\n', { status: 503, headers: { ...corsHeaders, [mapGatewayProblemHeader]: 'unreachable' } });
    const headers: Record<string, string> = { [mapGatewayKeyHeader]: link.key };
    for (const name of mapGatewayForwardedHeaders) {
      const value = request.headers.get(name);
      if (value) headers[name] = value;
    }
    try {
      const answer = await fetch(`http://127.0.0.1:${link.port}/${new URL(request.url).search}`, { headers, signal: request.signal });
      const out = new Headers(answer.headers);
      for (const [name, value] of Object.entries(corsHeaders)) out.set(name, value);
      return new Response(answer.body, { status: answer.status, headers: out });
    } catch {
      // The engine process went away mid-read (it is being restarted).
      return new Response('The console engine did not answer.\n', { status: 502, headers: { ...corsHeaders, [mapGatewayProblemHeader]: 'unreachable' } });
    }
  });
}
