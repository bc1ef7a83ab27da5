import { RegionPackQuery, regionPackBytes, regionPackMediaType } from '../../../../contract/api/map-packs.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { MapArchive } from '../../../map-packs/map-archive.ts';
import { cutRegionPack, paddedBbox } from '../../../map-packs/region-pack.ts';
import { fleetArea } from './map-repository.ts';

/** Tile slots one pack may look up: a fleet spread over a continent gets fewer zoom levels, not a slow answer. */
const maxTiles = 200_000;

/** Offline region packs (contract/api/map-packs.ts), cut from the fleet cloud's map archive. */
export const mapRoutes: RoutePlugin<{ archivePath: string }> = async (app, options) => {
  app.get('/region-pack', {
    config: { access: 'devices.read' },
    schema: {
      summary: 'Vector tiles of the area where your fleet operates, as one PMTiles archive for offline use',
      tags: ['map'], security: [{ bearerAuth: [] }], querystring: RegionPackQuery,
      produces: [regionPackMediaType],
      response: { 200: { description: 'A PMTiles v3 archive', type: 'string', format: 'binary' }, ...errorResponses(400, 401, 403, 404, 503) },
    },
  }, async (request, reply) => {
    const area = await request.withTenant((db) => fleetArea(db));
    if (!area) throw new ApiError(404, 'not_found', 'No vehicle you can see has a position yet, so there is no area to pack.', { reason: 'fleet-has-no-positions' });
    const archive = await MapArchive.open(options.archivePath).catch((error: unknown) => {
      request.log.error({ err: error, path: options.archivePath }, 'map archive unreadable');
      throw new ApiError(503, 'internal', 'The fleet cloud has no readable map archive.', { reason: 'map-archive-unavailable' });
    });
    try {
      const pack = await cutRegionPack(archive, paddedBbox(area), { maxBytes: request.query.maxBytes ?? regionPackBytes.default, maxTiles });
      if (!pack) throw new ApiError(404, 'not_found', 'The map archive has no tiles of your fleet\'s area.', { reason: 'not-found', params: { kind: 'map-tiles' } });
      return reply
        .header('content-type', regionPackMediaType)
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="region.pmtiles"')
        .send(Buffer.from(pack.archive.buffer, pack.archive.byteOffset, pack.archive.byteLength));
    } finally {
      await archive.close();
    }
  });
};
