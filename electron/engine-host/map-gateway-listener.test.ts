import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapGatewayUrl } from '../../contract/map-gateway.ts';
import { MapAccess } from '../core/map-gateway/map-access.ts';
import { loadMapDocument, MapGateway } from '../core/map-gateway/map-gateway.ts';
import { startTileServer, type TileServer } from '../core/test/tile-server.ts';
import { listenMapGateway, mapGatewayKeyHeader, type MapGatewayListener } from './map-gateway-listener.ts';

let tiles: TileServer;
let listener: MapGatewayListener;

beforeAll(async () => {
  tiles = await startTileServer();
  const access = new MapAccess({ savedSource: () => ({ workspaceId: 'w1', source: { kind: 'pmtiles', pmtilesUrl: `${tiles.origin}/basemap.pmtiles` } }), loadJson: loadMapDocument });
  listener = await listenMapGateway(new MapGateway({ access }));
});

afterAll(async () => {
  await listener.close();
  await tiles.close();
});

describe('the engine process\'s loopback map gateway (behind Electron\'s fleet-map: scheme)', () => {
  const address = () => mapGatewayUrl(`http://127.0.0.1:${listener.port}/`, `${tiles.origin}/basemap.pmtiles`);

  it('answers the parent that holds the key, Range reads included', async () => {
    const answer = await fetch(address(), { headers: { [mapGatewayKeyHeader]: listener.key, range: 'bytes=0-126' } });
    expect([answer.status, answer.headers.get('content-range')]).toEqual([206, 'bytes 0-126/1722970']);
    expect((await answer.arrayBuffer()).byteLength).toBe(127);
  });

  it('refuses every other local program', async () => {
    for (const headers of [{}, { [mapGatewayKeyHeader]: 'x'.repeat(listener.key.length) }, { [mapGatewayKeyHeader]: `${listener.key}x` }]) {
      expect((await fetch(address(), { headers })).status).toBe(403);
    }
    expect(tiles.requests.filter((r) => !r.endsWith('bytes=0-126'))).toEqual([]);
  });
});
