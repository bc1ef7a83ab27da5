/**
 * The map gateway: the page never connects to a tile server itself. Every request for the
 * tenant's online map (style, TileJSON, tiles, glyphs, sprites, PMTiles byte ranges) goes to its
 * own host, which asks the engine to fetch it — only for the active workspace's saved map source
 * or an admin's Preview (docs/decisions/0240-map-gateway.md). So the CSP's `connect-src` names
 * no other origin.
 *
 * A gateway address is `<base>?url=<the tile server's address, encoded>`; the base comes from the
 * host: the web host serves `webHostMapGatewayPath` on its own origin, Electron a privileged
 * custom scheme (`electronMapGatewayBase`).
 */

/** Path of the gateway on the web host's own origin. */
export const webHostMapGatewayPath = '/map-gateway';

/** Electron's privileged scheme for the gateway (registered by electron/main, answered by the engine). */
export const mapGatewayScheme = 'fleet-map';

/** Base of the gateway's addresses in Electron. */
export const electronMapGatewayBase = `${mapGatewayScheme}://gateway/`;

/** The query parameter carrying the tile server's address. */
export const mapGatewayTargetParam = 'url';

/**
 * Why the gateway answered instead of the tile server, as a response header (the body is a
 * sentence for whoever reads the network log); absent when the status is the tile server's own.
 */
export const mapGatewayProblemHeader = 'x-map-gateway-problem';

/**
 * - `refused`: not the workspace's saved map source nor a Preview in progress (403);
 * - `bad_target`: not an http(s) address, or credentials in it (400);
 * - `unreachable`: the tile server could not be reached (502);
 * - `timeout`: it did not answer in time (504);
 * - `too_large`: the answer is larger than the gateway passes on (502).
 */
export type MapGatewayProblem = 'refused' | 'bad_target' | 'unreachable' | 'timeout' | 'too_large';

export const mapGatewayProblems: readonly MapGatewayProblem[] = ['refused', 'bad_target', 'unreachable', 'timeout', 'too_large'];

/** Request headers passed on to the tile server (Range reads and cache validators); nothing else — no cookies, no tokens. */
export const mapGatewayForwardedHeaders = ['range', 'if-none-match', 'if-modified-since', 'if-range', 'accept'] as const;
export type MapGatewayForwardedHeader = (typeof mapGatewayForwardedHeaders)[number];

/** The gateway address of `target` under `base` (the host's gateway base). */
export function mapGatewayUrl(base: string, target: string): string {
  return `${base}?${mapGatewayTargetParam}=${encodeURIComponent(target)}`;
}

/** Reads the problem header of a gateway answer; null when the status is the tile server's own. */
export function readMapGatewayProblem(value: string | null | undefined): MapGatewayProblem | null {
  return mapGatewayProblems.includes(value as MapGatewayProblem) ? (value as MapGatewayProblem) : null;
}
