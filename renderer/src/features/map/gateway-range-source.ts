import { EtagMismatch, type RangeResponse, type Source } from 'pmtiles';
import type { MapGatewayProblem } from '../../../../contract/map-gateway.ts';
import { gatewayProblemOf } from '../../bridge/map-gateway-address.ts';
import type { MapProblem } from './online-map-check.ts';

/** A read of the online map that failed for a reason the console words (describeMapProblem). */
export class MapReadProblem extends Error {
  readonly problem: MapProblem;

  constructor(problem: MapProblem) {
    super(problem.code);
    this.name = 'MapReadProblem';
    this.problem = problem;
  }
}

/** The gateway's problem codes as the map's: it answered for a tile server that could not. */
export function mapProblemOfGateway(problem: MapGatewayProblem): MapProblem {
  switch (problem) {
    case 'unreachable':
    case 'timeout':
    case 'too_large':
    case 'refused':
      return { code: problem };
    case 'bad_target':
      return { code: 'refused' };
  }
}

/**
 * A tenant's PMTiles archive read by HTTP Range requests through the host's map gateway. Unlike
 * pmtiles' own FetchSource it tells apart "the tile server answered 502" from "the gateway could
 * not reach it" (the gateway's problem header), so the check says which.
 */
export class GatewayRangeSource implements Source {
  readonly #url: string;

  /** `url`: the archive's gateway address (MapGatewayAddresses.wrap). */
  constructor(url: string) {
    this.#url = url;
  }

  getKey(): string {
    return this.#url;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal, etag?: string): Promise<RangeResponse> {
    const response = await fetch(this.#url, { headers: { range: `bytes=${offset}-${offset + length - 1}` }, ...(signal ? { signal } : {}) });
    const problem = gatewayProblemOf(response);
    if (problem) throw new MapReadProblem(mapProblemOfGateway(problem));
    if (!response.ok) throw new MapReadProblem({ code: 'http_status', status: response.status });
    // A server that ignores Range sends the whole archive: refuse it rather than download it.
    if (response.status === 200 && Number(response.headers.get('content-length') ?? Number.POSITIVE_INFINITY) > length) {
      void response.body?.cancel();
      throw new MapReadProblem({ code: 'not_an_archive', detail: 'the server ignored the Range request' });
    }
    const answered = response.headers.get('etag');
    const strong = answered && !answered.startsWith('W/') ? answered : undefined;
    // The archive changed under us: pmtiles reloads its header and directories, then asks again.
    if (etag && strong && strong !== etag) throw new EtagMismatch(`the archive changed (ETag ${etag} → ${strong})`);
    return {
      data: await response.arrayBuffer(),
      ...(strong ? { etag: strong } : {}),
      ...(response.headers.get('cache-control') ? { cacheControl: response.headers.get('cache-control') ?? '' } : {}),
      ...(response.headers.get('expires') ? { expires: response.headers.get('expires') ?? '' } : {}),
    };
  }
}
