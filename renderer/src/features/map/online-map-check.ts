import type { StyleSpecification } from 'maplibre-gl';
import { PMTiles } from 'pmtiles';
import { mapSourceUrl, type MapSource } from '../../../../contract/api/settings.ts';
import { basemapLayout } from '../../../../resources/basemap/basemap-layout.ts';
import { gatewayProblemOf, type MapGatewayAddresses } from '../../bridge/map-gateway-address.ts';
import { registerBasemapProtocols } from './basemap-protocols.ts';
import { GatewayRangeSource, mapProblemOfGateway, MapReadProblem } from './gateway-range-source.ts';
import { basemapStyle, type MapTheme } from './basemap-style.ts';

/** Why a tenant's online map cannot be shown; the renderer words it (describeMapProblem). */
export type MapProblem =
  | { code: 'unreachable' }
  | { code: 'http_status'; status: number }
  | { code: 'not_a_style' }
  | { code: 'not_an_archive'; detail: string }
  | { code: 'not_vector_tiles' }
  | { code: 'missing_layers'; layers: string[] }
  | { code: 'timeout' }
  | { code: 'tiles_failing'; detail: string }
  /** The console's map gateway does not serve this address (not the saved source, no Preview asked). */
  | { code: 'refused' }
  | { code: 'too_large' };

/** `view`: where the source says to look first (the archive's or the style's centre). */
export type MapCheck = { ok: true; style: StyleSpecification | string; summary: string; view?: { center: [number, number]; zoom: number } } | { ok: false; problem: MapProblem };

/** The layers the basemap style draws from; an archive without them would draw a blank map. */
const requiredLayers = ['land', 'roads', 'places'];

async function checkStyle(url: string, gateway: MapGatewayAddresses, signal: AbortSignal): Promise<MapCheck> {
  const response = await fetch(gateway.wrap(url), { signal });
  const problem = gatewayProblemOf(response);
  if (problem) return { ok: false, problem: mapProblemOfGateway(problem) };
  if (!response.ok) return { ok: false, problem: { code: 'http_status', status: response.status } };
  const style = (await response.json().catch(() => null)) as { version?: unknown; layers?: unknown; sources?: unknown; center?: unknown; zoom?: unknown } | null;
  if (style?.version !== 8 || !Array.isArray(style.layers) || typeof style.sources !== 'object') return { ok: false, problem: { code: 'not_a_style' } };
  const center = Array.isArray(style.center) && style.center.length === 2 ? (style.center as [number, number]) : null;
  const view = center ? { center, zoom: typeof style.zoom === 'number' ? style.zoom : 10 } : undefined;
  return { ok: true, style: url, summary: `MapLibre style with ${style.layers.length} layers`, ...(view ? { view } : {}) };
}

async function checkArchive(address: string, gateway: MapGatewayAddresses, theme: MapTheme): Promise<MapCheck> {
  // The archive is read by HTTP Range requests, through the host's map gateway, by the same
  // protocol the map uses (keyed by the gateway address). A fresh reader each time: the previous
  // one keeps a failed header, so a retry would fail again.
  const url = gateway.wrap(address);
  const archive = new PMTiles(new GatewayRangeSource(url));
  registerBasemapProtocols().add(archive);
  let header;
  let metadata: { vector_layers?: { id: string }[] };
  try {
    header = await archive.getHeader();
    metadata = ((await archive.getMetadata()) ?? {}) as typeof metadata;
  } catch (error) {
    if (error instanceof MapReadProblem) return { ok: false, problem: error.problem };
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof TypeError) return { ok: false, problem: { code: 'unreachable' } };
    return { ok: false, problem: { code: 'not_an_archive', detail: message } };
  }
  if (header.tileType !== 1) return { ok: false, problem: { code: 'not_vector_tiles' } };
  const present = new Set((metadata.vector_layers ?? []).map((l) => l.id));
  const missing = requiredLayers.filter((id) => !present.has(id));
  if (missing.length) return { ok: false, problem: { code: 'missing_layers', layers: missing } };
  const bounds: [number, number, number, number] = header.minLon < header.maxLon ? [header.minLon, header.minLat, header.maxLon, header.maxLat] : basemapLayout.world.bbox;
  return {
    ok: true,
    style: basemapStyle(theme, { key: url, minZoom: header.minZoom, maxZoom: header.maxZoom, bounds }),
    summary: `PMTiles archive, vector tiles z${header.minZoom}–${header.maxZoom}, ${present.size} layers`,
    view: { center: [header.centerLon, header.centerLat], zoom: header.centerZoom },
  };
}

/**
 * Loads just enough of a tenant's online map to know whether it will draw: the style document,
 * or the archive's header and layer list. Used before switching the map to it and by the
 * settings form's Preview. Every read goes through the host's map gateway.
 */
export async function checkOnlineMap(source: MapSource, gateway: MapGatewayAddresses, theme: MapTheme, timeoutMs: number): Promise<MapCheck> {
  const target = mapSourceUrl(source);
  if (!target) return { ok: false, problem: { code: 'not_a_style' } };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await (source.kind === 'pmtiles'
      ? Promise.race([checkArchive(target.url, gateway, theme), new Promise<MapCheck>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('timeout'))))])
      : checkStyle(target.url, gateway, controller.signal));
  } catch {
    return { ok: false, problem: timedOut ? { code: 'timeout' } : { code: 'unreachable' } };
  } finally {
    clearTimeout(timer);
  }
}

/** The words for a map problem, completing "Showing the offline map: …" and the Preview. */
export function describeMapProblem(problem: MapProblem): string {
  switch (problem.code) {
    case 'unreachable':
      return 'the map server cannot be reached';
    case 'http_status':
      return `the map server answered HTTP ${problem.status}`;
    case 'timeout':
      return 'the map server did not answer in time';
    case 'not_a_style':
      return 'the address does not return a MapLibre style (style.json, version 8)';
    case 'not_an_archive':
      return `the address is not a readable PMTiles archive (${problem.detail}); the server must support HTTP Range requests`;
    case 'not_vector_tiles':
      return 'the archive holds raster tiles; the console needs vector tiles';
    case 'missing_layers':
      return `the archive lacks the layers ${problem.layers.join(', ')} of the console's basemap schema`;
    case 'tiles_failing':
      return `the online map's tiles stopped loading (${problem.detail})`;
    case 'refused':
      return 'the console loads only the account\'s saved map address (or one being previewed in Settings); save the address, or preview it again';
    case 'too_large':
      return 'the map server sent an answer larger than the console loads';
  }
}
