import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { mapGatewayForwardedHeaders, mapGatewayTargetParam } from '../../../contract/map-gateway.ts';
import type { GatewayRequestHeaders, MapGateway } from './map-gateway.ts';

/**
 * Answers one HTTP request for the map gateway on a Node server (the web host's path, and the
 * engine process's loopback listener behind Electron's scheme): `?url=` names the address, the
 * answer streams out. `extraHeaders` are the host's own (its CSP and security headers).
 */
export async function serveMapGateway(gateway: MapGateway, req: IncomingMessage, res: ServerResponse, extraHeaders: Record<string, string> = {}): Promise<void> {
  const target = new URL(req.url ?? '/', 'http://gateway').searchParams.get(mapGatewayTargetParam);
  const headers: GatewayRequestHeaders = {};
  for (const name of mapGatewayForwardedHeaders) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // The page stopped waiting (a tile scrolled out of view): stop fetching it too.
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  const answer = await gateway.answer(target, headers, controller.signal);
  res.writeHead(answer.status, { ...extraHeaders, ...answer.headers });
  if (answer.problem) return void res.end(req.method === 'HEAD' ? undefined : `Map gateway: ${answer.problem.reason}.\n`);
  if (!answer.body) return void res.end();
  if (req.method === 'HEAD') {
    answer.body.destroy();
    return void res.end();
  }
  // A body cut short upstream destroys the response, so the page sees a failed read, never a short tile.
  pipeline(answer.body, res, () => undefined);
}
