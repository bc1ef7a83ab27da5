import { Type, type Static } from 'typebox';

/** West, south, east, north in degrees. */
export type Bbox = [number, number, number, number];

const MiB = 1024 * 1024;

/** Bounds of an offline region pack's size (bytes of tiles), and the default a console asks for. */
export const regionPackBytes = { min: 1 * MiB, max: 512 * MiB, default: 64 * MiB } as const;

/** The media type of a region pack: a PMTiles v3 archive. */
export const regionPackMediaType = 'application/vnd.pmtiles';

/**
 * `GET /api/map/region-pack`: the vector tiles of the area where the caller's fleet operates (the
 * vehicles they may see, a margin around them), cut from the fleet cloud's map archive into one
 * PMTiles v3 archive in the console basemap's schema (resources/basemap/basemap-layout.ts), from
 * zoom 7 up to the deepest zoom that fits `maxBytes`. The archive's header carries its bounds and
 * zooms. 404 `fleet-has-no-positions` when no vehicle has a position yet; 503
 * `map-archive-unavailable` when the fleet cloud has no readable map archive.
 */
export const RegionPackQuery = Type.Object(
  {
    maxBytes: Type.Optional(Type.Integer({ minimum: regionPackBytes.min, maximum: regionPackBytes.max, description: 'Largest pack wanted, in bytes of tiles.' })),
  },
  { additionalProperties: false },
);
export type RegionPackQuery = Static<typeof RegionPackQuery>;
