import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchSource, PMTiles } from 'pmtiles';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MapSource } from '../../contract/api/settings.ts';
import { mapGatewayUrl, webHostMapGatewayPath } from '../../contract/map-gateway.ts';
import { createServices, type Services } from '../core/create-services.ts';
import { MapAccess } from '../core/map-gateway/map-access.ts';
import { loadMapDocument, MapGateway } from '../core/map-gateway/map-gateway.ts';
import { startTileServer, type TileServer } from '../core/test/tile-server.ts';
import { launchCookie } from './launch-cookie.ts';
import { startWebHost, type WebHost } from './web-host.ts';

/**
 * The web host's map gateway end to end: a real tile server on a loopback port serving the
 * shipped PMTiles archive with Range support and a style.json, the real web host and engine
 * gateway in between. Only "which source is saved" is set by the test (in the console it is the
 * active workspace's cached settings).
 */
let host: WebHost;
let slowHost: WebHost;
let services: Services;
let cookie: string;
let slowCookie: string;
let tiles: TileServer;
let named: TileServer;
let stranger: TileServer;
let saved: MapSource = { kind: 'offline' };
let access: MapAccess;

const gatewayAddress = (target: string, on: WebHost = host) => mapGatewayUrl(`${on.origin}${webHostMapGatewayPath}`, target);
const read = async (target: string, headers: Record<string, string> = {}, on: WebHost = host) => {
  const response = await fetch(gatewayAddress(target, on), { headers: { cookie: on === host ? cookie : slowCookie, ...headers } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  stranger = await startTileServer();
  named = await startTileServer();
  tiles = await startTileServer({ tilesOrigin: named.origin });
  const rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  services = createServices({ logError: () => undefined });
  access = new MapAccess({ savedSource: () => ({ workspaceId: 'w1', source: saved }), loadJson: loadMapDocument });
  host = await startWebHost({ services: { ...services, mapGateway: new MapGateway({ access }) }, rendererDir });
  slowHost = await startWebHost({ services: { ...services, mapGateway: new MapGateway({ access, limits: { timeoutMs: 200, maxBytes: 64 * 1024 } }) }, rendererDir });
  cookie = (await launchCookie(host.launchUrl)).header;
  slowCookie = (await launchCookie(slowHost.launchUrl)).header;
});

afterAll(async () => {
  await host.close();
  await slowHost.close();
  await services.close();
  for (const server of [tiles, named, stranger]) await server.close();
});

beforeEach(() => {
  for (const server of [tiles, named, stranger]) server.requests.length = 0;
});

describe('the web host\'s map gateway', () => {
  it('passes Range reads of the saved archive through: 206, Content-Range, type, ETag and caching', async () => {
    saved = { kind: 'pmtiles', pmtilesUrl: `${tiles.origin}/basemap.pmtiles` };
    const answer = await read(saved.pmtilesUrl, { range: 'bytes=0-16383' });
    expect(answer.status).toBe(206);
    expect(answer.headers.get('content-range')).toBe('bytes 0-16383/1722970');
    expect(answer.headers.get('content-type')).toBe('application/vnd.pmtiles');
    expect(answer.headers.get('etag')).toBe('"basemap-1"');
    expect(answer.headers.get('cache-control')).toBe('max-age=3600');
    expect(answer.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(answer.body.length).toBe(16384);
    expect(answer.body.readUInt16LE(0)).toBe(0x4d50); // "PM"
    expect(tiles.requests).toEqual(['/basemap.pmtiles bytes=0-16383']);
  });

  it('lets a PMTiles reader read the archive\'s header, metadata and a street tile through it, by ranges only', async () => {
    saved = { kind: 'pmtiles', pmtilesUrl: `${tiles.origin}/basemap.pmtiles` };
    const archive = new PMTiles(new FetchSource(gatewayAddress(saved.pmtilesUrl), new Headers({ cookie })));
    const header = await archive.getHeader();
    expect(header.tileType).toBe(1);
    const metadata = (await archive.getMetadata()) as { vector_layers: { id: string }[] };
    expect(metadata.vector_layers.map((l) => l.id)).toEqual(expect.arrayContaining(['land', 'roads', 'places']));
    // The Gothenburg region's tile at z10 (the archive's region band).
    const tile = await archive.getZxy(10, 546, 309);
    expect(tile?.data.byteLength).toBeGreaterThan(100);
    expect(tiles.requests.length).toBeGreaterThan(1);
    expect(tiles.requests.every((r) => /^\/basemap\.pmtiles bytes=\d+-\d+$/.test(r))).toBe(true);
  });

  it('serves the saved style and the hosts it names, and refuses a host it does not name', async () => {
    saved = { kind: 'style', styleUrl: `${tiles.origin}/style.json` };
    const style = await read(saved.styleUrl);
    expect(style.status).toBe(200);
    expect(JSON.parse(style.body.toString())).toMatchObject({ version: 8 });
    expect((await read(`${tiles.origin}/glyphs/Noto Sans Regular/0-255.pbf`)).status).toBe(200);
    // The style names `named` for its tiles: its own 404 comes back as the tile server's answer.
    const tile = await read(`${named.origin}/3/4/5.pbf`);
    expect([tile.status, tile.headers.get('x-map-gateway-problem')]).toEqual([404, null]);
    const refused = await read(`${stranger.origin}/basemap.pmtiles`);
    expect([refused.status, refused.headers.get('x-map-gateway-problem')]).toEqual([403, 'refused']);
    expect(refused.body.toString()).toMatch(/is not the workspace's map source nor an origin its style names/);
    expect(stranger.requests).toEqual([]);
  });

  it('cannot be used by a page script to reach another host, a loopback port or the host itself (SSRF)', async () => {
    saved = { kind: 'pmtiles', pmtilesUrl: `${tiles.origin}/basemap.pmtiles` };
    const port = new URL(tiles.origin).port;
    for (const target of [`${stranger.origin}/basemap.pmtiles`, `${host.origin}/`, `http://localhost:${port}/basemap.pmtiles`, `http://127.0.0.2:${port}/basemap.pmtiles`, 'http://169.254.169.254/latest/meta-data/']) {
      const answer = await read(target);
      expect([answer.status, answer.headers.get('x-map-gateway-problem')], target).toEqual([403, 'refused']);
    }
    for (const target of ['file:///etc/passwd', `http://user:pw@127.0.0.1:${port}/basemap.pmtiles`]) {
      expect((await read(target)).status, target).toBe(400);
    }
    const noTarget = await fetch(`${host.origin}${webHostMapGatewayPath}`, { headers: { cookie } });
    expect(noTarget.status).toBe(400);
    // A redirect of the saved server to another host is refused at that hop, not followed.
    const bounced = await read(`${tiles.origin}/redirect?to=${encodeURIComponent(`${stranger.origin}/basemap.pmtiles`)}`);
    expect(bounced.status).toBe(403);
    expect(stranger.requests).toEqual([]);
    // And without the console's cookie there is no gateway at all.
    expect((await fetch(gatewayAddress(saved.pmtilesUrl))).status).toBe(401);
  });

  it('serves nothing while the workspace shows the shipped map, and an admin\'s Preview until it ends', async () => {
    saved = { kind: 'offline' };
    expect((await read(`${stranger.origin}/basemap.pmtiles`, { range: 'bytes=0-99' })).status).toBe(403);
    access.allowPreview('w1', { kind: 'pmtiles', pmtilesUrl: `${stranger.origin}/basemap.pmtiles` });
    expect((await read(`${stranger.origin}/basemap.pmtiles`, { range: 'bytes=0-99' })).status).toBe(206);
  });

  it('follows redirects within allowed hosts and hands over decoded bodies', async () => {
    saved = { kind: 'style', styleUrl: `${tiles.origin}/style.json` };
    const moved = await read(`${tiles.origin}/redirect?to=/tiles.json`);
    expect(moved.status).toBe(200);
    expect(JSON.parse(moved.body.toString())).toMatchObject({ tilejson: '3.0.0' });
    const gzipped = await read(`${tiles.origin}/gzipped.json`);
    expect([gzipped.status, gzipped.headers.get('content-encoding'), gzipped.body.toString()]).toEqual([200, null, '{"compressed":true}']);
  });

  it('answers with the map problem codes when the tile server is down, silent or too large', async () => {
    const down = `http://127.0.0.1:${await freePort()}/basemap.pmtiles`;
    saved = { kind: 'pmtiles', pmtilesUrl: down };
    const unreachable = await read(down, { range: 'bytes=0-16383' });
    expect([unreachable.status, unreachable.headers.get('x-map-gateway-problem')]).toEqual([502, 'unreachable']);

    saved = { kind: 'pmtiles', pmtilesUrl: `${tiles.origin}/basemap.pmtiles` };
    const silent = await read(`${tiles.origin}/silent`, {}, slowHost);
    expect([silent.status, silent.headers.get('x-map-gateway-problem')]).toEqual([504, 'timeout']);
    const huge = await read(`${tiles.origin}/huge`, {}, slowHost);
    expect([huge.status, huge.headers.get('x-map-gateway-problem')]).toEqual([502, 'too_large']);
    // A whole-archive read larger than the limit is refused too; a range within it is not.
    expect((await read(`${tiles.origin}/basemap.pmtiles`, {}, slowHost)).status).toBe(502);
    expect((await read(`${tiles.origin}/basemap.pmtiles`, { range: 'bytes=0-1023' }, slowHost)).status).toBe(206);
  });
});
