import { describe, expect, it } from 'vitest';
import { pmtilesInMemory } from '../../../test/pmtiles-in-memory.ts';
import { regionPackMediaType } from '../../../../contract/api/map-packs.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices } from '../../../../demo/demo-fleet.ts';
import { buildApp } from '../../../app.ts';
import { appConfig } from '../../../config.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();

describe('GET /api/map/region-pack', () => {
  it("answers a PMTiles archive of the tenant's fleet area, street zoom included when it fits", async () => {
    const token = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
    const response = await suite.fleet.app.inject({ url: '/api/map/region-pack', headers: bearer(token) });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe(regionPackMediaType);
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
    const header = await pmtilesInMemory(new Uint8Array(response.rawPayload)).getHeader();
    expect(header).toMatchObject({ minZoom: 7, maxZoom: 14 });
    // The box holds every City Utilities vehicle.
    const reports = demoDevices.filter((d) => d.tenant === demoTenants.cityUtilities).flatMap((d) => (d.report ? [d.report] : []));
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) {
      expect(report.longitude).toBeGreaterThan(header.minLon);
      expect(report.longitude).toBeLessThan(header.maxLon);
      expect(report.latitude).toBeGreaterThan(header.minLat);
      expect(report.latitude).toBeLessThan(header.maxLat);
    }

    // A smaller budget gives fewer zoom levels, never a cut-off level.
    const small = await suite.fleet.app.inject({ url: '/api/map/region-pack?maxBytes=1048576', headers: bearer(token) });
    expect(small.rawPayload.length).toBeLessThan(1_200_000);
    const smallHeader = await pmtilesInMemory(new Uint8Array(small.rawPayload)).getHeader();
    expect(smallHeader.maxZoom).toBeLessThanOrEqual(header.maxZoom);
  });

  it('names the field of a bad size, says when no vehicle has a position, needs a token', async () => {
    const token = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
    const tooSmall = await suite.fleet.app.inject({ url: '/api/map/region-pack?maxBytes=10', headers: bearer(token) });
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.json()).toMatchObject({ error: 'invalid_input', field: 'maxBytes' });

    const operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
    const empty = await suite.fleet.app.inject({ url: '/api/map/region-pack', headers: bearer(operator) });
    expect(empty.statusCode).toBe(404);
    expect(empty.json()).toMatchObject({ error: 'not_found', reason: 'fleet-has-no-positions' });

    expect((await suite.fleet.app.inject({ url: '/api/map/region-pack' })).statusCode).toBe(401);
  });

  it('answers 503 with a reason when the map archive cannot be read', async () => {
    const app = await buildApp({ db: suite.fleet.db, config: { ...appConfig(suite.fleet.boot.signingKey), monitoringJobs: false, mapArchivePath: '/nonexistent/planet.pmtiles' } });
    try {
      const token = await accessTokenFor(app, 'sofia', demoTenants.cityUtilities.id);
      const response = await app.inject({ url: '/api/map/region-pack', headers: bearer(token) });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: 'internal', reason: 'map-archive-unavailable' });
    } finally {
      await app.close();
    }
  });
});
