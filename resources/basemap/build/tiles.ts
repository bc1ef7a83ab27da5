/**
 * Cuts GeoJSON layers into Mapbox Vector Tiles (geojson-vt + vt-pbf) for a range of zooms over a
 * box, gzips each tile and hands it to the archive writer. Empty tiles are not written: a reader
 * answers a missing tile with an empty one.
 */
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { FeatureCollection } from 'geojson';
import GeoJSONVT, { type LegacyFeature, type LegacyTile } from 'geojson-vt';
import type { Bbox } from './natural-earth.ts';
import type { PmtilesWriter } from '../pmtiles-writer.ts';

// vt-pbf ships no types; this is the one function used.
const vtpbf = createRequire(import.meta.url)('vt-pbf') as {
  fromGeojsonVt(layers: Record<string, LegacyTile>, options: { version: number; extent: number }): Uint8Array;
};

export const extent = 4096;

export interface TileLayer {
  name: string;
  /** The data for zoom z (e.g. coarser coastlines when zoomed out); null = not in this zoom. */
  index(z: number): GeoJSONVT | null;
  /** Drops features that should not be in a tile at zoom z (minor roads when zoomed out). */
  keep?(tags: Record<string, unknown>, z: number): boolean;
}

export function tileIndex(collection: FeatureCollection, maxZoom: number): GeoJSONVT {
  return new GeoJSONVT(collection, { maxZoom, indexMaxZoom: 4, tolerance: 3, extent, buffer: 64 });
}

export function tileRange(bbox: Bbox, z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const y = (lat: number) => {
    const sin = Math.sin((lat * Math.PI) / 180);
    return Math.min(n - 1, Math.max(0, Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * n)));
  };
  return { x0: x(bbox[0]), x1: x(bbox[2]), y0: y(bbox[3]), y1: y(bbox[1]) };
}

/** The outer edges of the tiles at zoom z that cover `bbox`, in degrees. */
export function tileCoverage(bbox: Bbox, z: number): Bbox {
  const { x0, x1, y0, y1 } = tileRange(bbox, z);
  const n = 2 ** z;
  const lon = (x: number) => (x / n) * 360 - 180;
  const lat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lon(x0), lat(y1 + 1), lon(x1 + 1), lat(y0)];
}

/** Writes every non-empty tile of `layers` for zooms [minZoom, maxZoom] over `bbox`. */
export function cutTiles(writer: PmtilesWriter, layers: TileLayer[], minZoom: number, maxZoom: number, bbox: Bbox): { tiles: number; bytes: number } {
  let tiles = 0;
  let bytes = 0;
  for (let z = minZoom; z <= maxZoom; z++) {
    const { x0, x1, y0, y1 } = tileRange(bbox, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const content: Record<string, LegacyTile> = {};
        for (const layer of layers) {
          const tile = layer.index(z)?.getTile(z, x, y);
          const features = (tile?.features ?? []).filter((f: LegacyFeature) => !layer.keep || layer.keep(f.tags ?? {}, z));
          if (features.length) content[layer.name] = { features };
        }
        if (!Object.keys(content).length) continue;
        const data = gzipSync(vtpbf.fromGeojsonVt(content, { version: 2, extent }), { level: 9 });
        writer.addTile(z, x, y, data);
        tiles++;
        bytes += data.length;
      }
    }
  }
  return { tiles, bytes };
}
