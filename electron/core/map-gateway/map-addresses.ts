/**
 * What a map source lets the gateway reach, as origins (scheme://host:port). Pure functions: the
 * origin of an address, and the addresses a MapLibre style or a TileJSON document names for
 * tiles, glyphs, sprites and further TileJSONs (docs/decisions/0240-map-gateway.md).
 */

/** `pmtiles://https://host/a.pmtiles` names the archive at `https://host/a.pmtiles`. */
const pmtilesPrefix = 'pmtiles://';

/** The http(s) address behind `address` (itself, or what a `pmtiles://` address wraps); null if none. */
export function httpAddress(address: string): URL | null {
  const inner = address.startsWith(pmtilesPrefix) ? address.slice(pmtilesPrefix.length) : address;
  let url: URL;
  try {
    url = new URL(inner);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Credentials in an address would travel to the tile server from the engine: never.
  if (url.username || url.password || !url.hostname) return null;
  return url;
}

/** The origin of an http(s) (or `pmtiles://`-wrapped) address; null for anything else. */
export function originOf(address: string): string | null {
  return httpAddress(address)?.origin ?? null;
}

/** What a style names: origins it may load from, and TileJSON documents that may name more. */
export interface NamedAddresses {
  origins: Set<string>;
  /** http(s) TileJSON addresses (a vector/raster source's `url`), to be read for their `tiles`. */
  tileJson: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/** Origins and TileJSON addresses a MapLibre style document names; nothing for what is not a style. */
export function addressesNamedByStyle(style: unknown): NamedAddresses {
  const named: NamedAddresses = { origins: new Set(), tileJson: [] };
  if (!isRecord(style)) return named;
  const add = (address: string) => {
    const origin = originOf(address);
    if (origin) named.origins.add(origin);
  };
  for (const glyphs of strings(style.glyphs)) add(glyphs);
  // `sprite` is one address or a list of { id, url }.
  for (const sprite of Array.isArray(style.sprite) ? style.sprite : [style.sprite]) {
    if (typeof sprite === 'string') add(sprite);
    else if (isRecord(sprite) && typeof sprite.url === 'string') add(sprite.url);
  }
  if (isRecord(style.sources)) {
    for (const source of Object.values(style.sources)) {
      if (!isRecord(source)) continue;
      for (const tile of strings(source.tiles)) add(tile);
      if (typeof source.data === 'string') add(source.data);
      if (typeof source.url === 'string') {
        add(source.url);
        // A `pmtiles://` source is an archive read by ranges, not a TileJSON document.
        if (!source.url.startsWith(pmtilesPrefix) && httpAddress(source.url)) named.tileJson.push(source.url);
      }
    }
  }
  return named;
}

/** Origins a TileJSON document names for its tiles. */
export function originsNamedByTileJson(tileJson: unknown): Set<string> {
  const origins = new Set<string>();
  if (!isRecord(tileJson)) return origins;
  for (const tile of strings(tileJson.tiles)) {
    const origin = originOf(tile);
    if (origin) origins.add(origin);
  }
  return origins;
}
