import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { patchTenantSettings } from './tenant-settings.ts';
import type { MapSource } from '../contract/api/settings.ts';

const basemapDir = join(import.meta.dirname, '../resources/basemap');

/** What the in-page callbacks use of the page (this tsconfig has no DOM types). */
type PageGlobals = { document: { querySelector(selector: string): object | null } };

/** Waits until the live map rests with every source and glyph loaded. */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = Reflect.get((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="live-map"]') ?? {}, 'maplibreMap') as { loaded(): boolean; areTilesLoaded(): boolean } | undefined;
    return map?.loaded() === true && map.areTilesLoaded();
  }, undefined, { timeout: 30_000 });
}

/** Moves the live map and waits until it has drawn everything there. */
export async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(({ center, zoom }) => {
    const map = Reflect.get((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="live-map"]') ?? {}, 'maplibreMap') as { jumpTo(o: object): void };
    map.jumpTo({ center, zoom });
  }, { center, zoom });
  await waitForMapIdle(page);
}

/** Names the map rendered in the given layers within `radius` px of the map's centre. */
export async function renderedNames(page: Page, layers: string[], radius = 300): Promise<string[]> {
  return page.evaluate(({ layers, radius }) => {
    type Feature = { properties: Record<string, unknown> };
    const map = Reflect.get((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="live-map"]') ?? {}, 'maplibreMap') as {
      getCanvas(): { clientWidth: number; clientHeight: number };
      getLayer(id: string): unknown;
      queryRenderedFeatures(box: [[number, number], [number, number]], o: object): Feature[];
    };
    const { clientWidth: w, clientHeight: h } = map.getCanvas();
    const present = layers.filter((id) => map.getLayer(id));
    const box: [[number, number], [number, number]] = [[w / 2 - radius, h / 2 - radius], [w / 2 + radius, h / 2 + radius]];
    return map.queryRenderedFeatures(box, { layers: present }).map((f) => String(f.properties.name ?? f.properties.ref ?? ''));
  }, { layers, radius });
}

/** The tile URL template of a source of the live map's current style. */
export async function sourceTiles(page: Page, source: string): Promise<string | null> {
  return page.evaluate((source) => {
    const map = Reflect.get((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="live-map"]') ?? {}, 'maplibreMap') as
      { getStyle(): { sources: Record<string, { tiles?: string[] }> } | undefined } | undefined;
    // No style while the map is created or swaps its style: "no source yet", and the caller polls.
    return map?.getStyle()?.sources[source]?.tiles?.[0] ?? null;
  }, source);
}

/**
 * A tile server for the test: the basemap archive built in resources/basemap (with HTTP Range
 * requests, as PMTiles readers need), its glyphs, and a MapLibre style.json over them. No CORS
 * headers: the console's page never reads it itself, its host's map gateway does.
 */
export async function startTileServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (path === '/style.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(onlineStyle(origin)));
    const file = join(basemapDir, normalize(path).replace(/^(\.\.[/\\])+/, ''));
    readFile(file)
      .then((body) => {
        const type = extname(file) === '.pbf' ? 'application/x-protobuf' : 'application/octet-stream';
        const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
        if (!range) return void res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
        const start = Number(range[1]);
        const end = Math.min(Number(range[2]), body.length - 1);
        res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${body.length}` }).end(body.subarray(start, end + 1));
      })
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url: origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A small online style as a tile server would publish it: roads and street names. */
function onlineStyle(origin: string) {
  return {
    version: 8,
    name: 'Test tile server',
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: { osm: { type: 'vector', url: `pmtiles://${origin}/basemap.pmtiles`, attribution: 'Test tile server' } },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#dfe6ee' } },
      { id: 'online-roads', type: 'line', source: 'osm', 'source-layer': 'roads', paint: { 'line-color': '#7a5', 'line-width': 2 } },
      { id: 'online-road-labels', type: 'symbol', source: 'osm', 'source-layer': 'roads', layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } },
    ],
  };
}

/** Sets a tenant's map source through the fleet cloud's API, as its admin. */
export async function setMapSource(serverUrl: string, username: string, tenantName: string, mapSource: MapSource): Promise<void> {
  await patchTenantSettings(serverUrl, username, tenantName, { mapSource });
}
