import { PmtilesWriter } from '../../resources/basemap/pmtiles-writer.ts';
import type { Bbox } from '../../contract/api/map-packs.ts';
import type { MapArchive } from './map-archive.ts';

/** Pack tiles start where the shipped basemap's world band ends: the console has z0–6 of the whole world. */
export const packMinZoom = 7;

export interface PackLimits {
  /** Tile bytes at most; zoom levels that would pass it are left out. */
  maxBytes: number;
  /** Tile slots looked up at most (bounds the work for a fleet spread over a continent). */
  maxTiles: number;
}

export interface RegionPack {
  archive: Uint8Array;
  bbox: Bbox;
  minZoom: number;
  maxZoom: number;
  tileCount: number;
}

const maxLatitude = 85.05;

/** Tile columns and rows covering `bbox` at zoom `z` (Web Mercator, XYZ scheme). */
export function tileRange(bbox: Bbox, z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  const clampTile = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  const x = (lon: number) => clampTile(((lon + 180) / 360) * n);
  const y = (lat: number) => {
    const r = (Math.max(-maxLatitude, Math.min(maxLatitude, lat)) * Math.PI) / 180;
    return clampTile(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  return { x0: x(bbox[0]), x1: x(bbox[2]), y0: y(bbox[3]), y1: y(bbox[1]) };
}

/**
 * The area the fleet works in, with a margin: a tenth of its size each side and at least
 * `minMarginDeg` (about 5 km), clipped to the Web Mercator world.
 */
export function paddedBbox(bbox: Bbox, minMarginDeg = 0.05): Bbox {
  const dx = Math.max(minMarginDeg, (bbox[2] - bbox[0]) / 10);
  const dy = Math.max(minMarginDeg, (bbox[3] - bbox[1]) / 10);
  return [Math.max(-180, bbox[0] - dx), Math.max(-maxLatitude, bbox[1] - dy), Math.min(180, bbox[2] + dx), Math.min(maxLatitude, bbox[3] + dy)];
}

/**
 * Cuts the tiles of `bbox` from the archive into a new PMTiles archive (same schema, tiles copied
 * as stored): zoom by zoom from `packMinZoom` up, and stops before the first zoom that would pass
 * a limit, so a pack is always whole zoom levels. Null when not even the first zoom fits (or the
 * archive has nothing there).
 */
export async function cutRegionPack(source: MapArchive, bbox: Bbox, limits: PackLimits): Promise<RegionPack | null> {
  const header = await source.header();
  const writer = new PmtilesWriter();
  let bytes = 0;
  let slots = 0;
  let maxZoom = -1;
  const minZoom = Math.max(packMinZoom, header.minZoom);
  for (let z = minZoom; z <= header.maxZoom; z++) {
    const r = tileRange(bbox, z);
    slots += (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
    if (slots > limits.maxTiles) break;
    const level: [number, number, Uint8Array][] = [];
    let levelBytes = 0;
    for (let x = r.x0; x <= r.x1; x++) {
      for (let y = r.y0; y <= r.y1; y++) {
        const tile = await source.rawTile(z, x, y);
        if (!tile) continue;
        level.push([x, y, tile]);
        levelBytes += tile.length;
      }
    }
    if (bytes + levelBytes > limits.maxBytes) break;
    for (const [x, y, tile] of level) writer.addTile(z, x, y, tile);
    bytes += levelBytes;
    maxZoom = z;
  }
  if (maxZoom < 0 || writer.tileCount === 0) return null;
  const metadata = await source.metadata();
  const archive = writer.finish({
    tileCompression: header.tileCompression === 1 ? 1 : 2, // MapArchive.open admits only these two
    tileType: 1,
    bounds: bbox,
    center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, minZoom],
    metadata: { ...metadata, name: 'Fleet region pack', description: `Tiles of the fleet's area, zoom ${minZoom}–${maxZoom}` },
  });
  return { archive, bbox, minZoom, maxZoom, tileCount: writer.tileCount };
}
