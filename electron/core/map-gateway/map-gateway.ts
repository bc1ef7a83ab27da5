import type { Readable } from 'node:stream';
import { mapGatewayForwardedHeaders, mapGatewayProblemHeader, type MapGatewayForwardedHeader, type MapGatewayProblem } from '../../../contract/map-gateway.ts';
import type { MapAccess } from './map-access.ts';
import { fetchUpstream, readJson, UpstreamProblem, type UpstreamLimits } from './upstream-fetch.ts';

/** What the gateway answers a page's request with; the host writes it out (headers, then the body stream). */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
  /** The sentence of a problem answer (also the body's text), for tests and logs. */
  problem?: { code: MapGatewayProblem; reason: string };
}

export type GatewayRequestHeaders = Partial<Record<MapGatewayForwardedHeader, string>>;

/** A tile, a glyph range or a PMTiles directory read is far smaller; a 64 MiB answer is not a map read. */
export const defaultGatewayLimits: UpstreamLimits = { timeoutMs: 15_000, maxBytes: 64 * 1024 * 1024 };
/** Styles and TileJSON documents the gateway reads for itself. */
const documentLimits: UpstreamLimits = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 };
const maxRedirects = 4;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const problemStatus: Record<MapGatewayProblem, number> = { refused: 403, bad_target: 400, unreachable: 502, timeout: 504, too_large: 502 };

export interface MapGatewayDeps {
  access: MapAccess;
  limits?: UpstreamLimits;
}

/**
 * The engine's side of the map gateway (contract/map-gateway.ts): fetches an address for the page
 * when `MapAccess` allows it, passing Range and cache validators through and streaming the
 * answer back (206 + Content-Range stay as the tile server sent them). Redirects are followed
 * here, each hop checked again, so a tile server cannot bounce the page elsewhere. Problems are
 * answers with a code in `x-map-gateway-problem` that the renderer words.
 */
export class MapGateway {
  readonly #deps: MapGatewayDeps;

  constructor(deps: MapGatewayDeps) {
    this.#deps = deps;
  }

  get access(): MapAccess {
    return this.#deps.access;
  }

  async answer(target: string | null, headers: GatewayRequestHeaders, signal?: AbortSignal): Promise<GatewayAnswer> {
    if (!target) return problemAnswer('bad_target', 'the request names no address (?url=…)');
    const forwarded: GatewayRequestHeaders = {};
    for (const name of mapGatewayForwardedHeaders) if (headers[name]) forwarded[name] = headers[name];
    let address = target;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const decision = await this.#deps.access.decide(address);
      if (!decision.allowed) return problemAnswer(decision.problem, decision.reason);
      let upstream;
      try {
        upstream = await fetchUpstream(new URL(address), forwarded, this.#deps.limits ?? defaultGatewayLimits, signal);
      } catch (error) {
        if (error instanceof UpstreamProblem) return problemAnswer(error.problem, error.message);
        throw error;
      }
      const location = upstream.headers.location;
      if (!redirectStatuses.has(upstream.status) || !location) {
        delete upstream.headers.location;
        return { status: upstream.status, headers: upstream.headers, body: upstream.body };
      }
      upstream.body.destroy();
      address = new URL(location, address).href;
    }
    return problemAnswer('unreachable', `more than ${maxRedirects} redirects`);
  }
}

function problemAnswer(code: MapGatewayProblem, reason: string): GatewayAnswer {
  return {
    status: problemStatus[code],
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', [mapGatewayProblemHeader]: code },
    body: null,
    problem: { code, reason },
  };
}

/** The `loadJson` of MapAccess: a style or TileJSON read by the engine itself, small and bounded. */
export async function loadMapDocument(address: string): Promise<unknown> {
  return readJson(await fetchUpstream(new URL(address), { accept: 'application/json' }, documentLimits));
}
