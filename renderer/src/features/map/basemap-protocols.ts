import { addProtocol } from 'maplibre-gl';
import { PMTiles, Protocol, type RangeResponse, type Source } from 'pmtiles';
import { glyphBytes, prefetchShippedBasemap, shippedArchiveBytes } from './basemap-files.ts';

/** Key of the shipped archive inside the pmtiles protocol: `pmtiles://fleet-basemap/{z}/{x}/{y}`. */
export const shippedArchiveKey = 'fleet-basemap';
export const glyphsUrl = 'fleet-glyphs://{fontstack}/{range}.pbf';

/**
 * The shipped archive, read whole into memory on first use (1.7 MB): one request instead of one
 * ranged request per tile, no Range support needed from file:// or the web host, and every tile
 * after the first is a slice of memory. Decision 0050.
 */
export class InMemorySource implements Source {
  private bytes: Promise<ArrayBuffer> | null = null;
  private readonly key: string;
  private readonly load: () => Promise<ArrayBuffer>;

  constructor(key: string, load: () => Promise<ArrayBuffer>) {
    this.key = key;
    this.load = load;
  }

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.bytes ??= this.load().catch((error: unknown) => {
      this.bytes = null; // a later tile request tries again
      throw error;
    });
    return { data: (await this.bytes).slice(offset, offset + length) };
  }
}

let registered: Protocol | null = null;
let shipped: PMTiles | null = null;
let pack: { archive: PMTiles } | null = null;

/** Scheme of the basemap's detail band: the workspace's region pack first, then the shipped archive. */
export const detailTilesScheme = 'fleet-tiles';

/**
 * The open workspace's offline region pack (null: none). Detail tiles come from it where it has
 * them, else from the shipped archive, so the pack adds the fleet's area without hiding the
 * shipped streets of the demo region. Whoever sets it refreshes the map's detail tiles. Decision 0090.
 */
export function setRegionPackSource(source: Source | null): void {
  pack = source ? { archive: new PMTiles(source) } : null;
}

/** `fleet-tiles://detail/{z}/{x}/{y}`; MapLibre wants empty data for a tile nobody has. */
async function detailTile(url: string, signal: AbortSignal): Promise<{ data: Uint8Array }> {
  const match = /^fleet-tiles:\/\/detail\/(\d+)\/(\d+)\/(\d+)$/.exec(url);
  if (!match) throw new Error(`${url}: not a detail tile address`);
  const [z, x, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const current = pack;
  // A pack that cannot be read (removed meanwhile) is no reason to lose the shipped map.
  const fromPack = current ? await current.archive.getZxy(z, x, y, signal).catch(() => undefined) : undefined;
  const tile = fromPack ?? (await shipped?.getZxy(z, x, y, signal));
  return { data: tile ? new Uint8Array(tile.data) : new Uint8Array(0) };
}

/**
 * Registers, once per page, the protocols the basemap uses: `pmtiles://` (the shipped archive
 * from memory, or a tenant's online archive by Range requests), `fleet-tiles://` (the detail band:
 * the workspace's region pack over the shipped archive) and `fleet-glyphs://` (bundled SDF
 * glyphs). Must run before a map is created with a style that uses them.
 */
export function registerBasemapProtocols(): Protocol {
  if (registered) return registered;
  const protocol = new Protocol({ metadata: true });
  shipped = new PMTiles(new InMemorySource(shippedArchiveKey, shippedArchiveBytes));
  protocol.add(shipped);
  addProtocol('pmtiles', protocol.tile);
  addProtocol(detailTilesScheme, (request, controller) => detailTile(request.url, controller.signal));
  addProtocol('fleet-glyphs', async (request) => {
    const path = decodeURIComponent(request.url.slice('fleet-glyphs://'.length));
    const bytes = glyphBytes(path);
    // A range we do not ship (e.g. CJK) is not an error: MapLibre then skips those characters.
    return { data: bytes ? await bytes : new ArrayBuffer(0) };
  });
  registered = protocol;
  // A map is about to be created: read the archive and the start's glyphs now and decode the
  // archive's header and root directory, so the first tile request finds them ready instead of
  // starting the chain (archive read → header → tile) after the map's first frame. The console
  // started the reads earlier still (App.tsx); this covers every other page that draws the map.
  prefetchShippedBasemap();
  shipped.getHeader().catch(() => undefined);
  return protocol;
}
