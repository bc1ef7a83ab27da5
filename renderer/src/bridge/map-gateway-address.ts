import { mapGatewayProblemHeader, mapGatewayUrl, readMapGatewayProblem, type MapGatewayProblem } from '../../../contract/map-gateway.ts';

const pmtilesPrefix = 'pmtiles://';

/**
 * The one place that turns a tile server's address into the host's map gateway address
 * (contract/map-gateway.ts): the page may connect to its own host only (CSP `connect-src`), so
 * every online map read — the style, TileJSON, tiles, glyphs, sprites, PMTiles byte ranges — goes
 * through the gateway, and the engine fetches it (docs/decisions/0240-map-gateway.md).
 */
export class MapGatewayAddresses {
  readonly #base: string;

  /** `base`: the host's gateway (web host: a path on its own origin; Electron: its custom scheme). */
  constructor(base: string) {
    this.#base = base;
  }

  get base(): string {
    return this.#base;
  }

  /**
   * The gateway address for `address`: an http(s) address is wrapped, `pmtiles://<http(s)>`
   * becomes `pmtiles://<gateway>` (the archive is read by ranges through it); anything else
   * (bundled files, the shipped map's own schemes, an address already through the gateway) is
   * returned as it is.
   */
  wrap(address: string): string {
    if (address.startsWith(pmtilesPrefix)) {
      const inner = address.slice(pmtilesPrefix.length);
      return isHttp(inner) && !this.#isGateway(inner) ? `${pmtilesPrefix}${mapGatewayUrl(this.#base, inner)}` : address;
    }
    return isHttp(address) && !this.#isGateway(address) ? mapGatewayUrl(this.#base, address) : address;
  }

  /** MapLibre's `transformRequest`: every request of a map goes through `wrap`. */
  readonly transformRequest = (url: string): { url: string } => ({ url: this.wrap(url) });

  #isGateway(address: string): boolean {
    return address.startsWith(`${this.#base}?`);
  }
}

function isHttp(address: string): boolean {
  return /^https?:\/\//i.test(address);
}

/** The gateway's problem code of an answer (unreachable, timeout, refused, …); null when the tile server answered. */
export function gatewayProblemOf(response: Pick<Response, 'headers'>): MapGatewayProblem | null {
  return readMapGatewayProblem(response.headers.get(mapGatewayProblemHeader));
}
