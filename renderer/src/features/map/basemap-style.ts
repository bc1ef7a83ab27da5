import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { basemapLayout } from '../../../../resources/basemap/basemap-layout.ts';
import { boldFont, regularFont } from './basemap-files.ts';
import { detailTilesScheme, glyphsUrl, shippedArchiveKey } from './basemap-protocols.ts';
import { basemapPalettes, type BasemapPalette } from './map-palette.ts';

export type MapTheme = 'dark' | 'light';

export const basemapAttribution = basemapLayout.attribution;

/** The basemap's text layers: street names and place names (the bench hides them to compare). */
export const basemapLabelLayerIds = ['road-labels-major', 'road-labels-minor', 'places-world', 'places-suburb', 'places'];

/** Where the tiles come from: the shipped archive, or a tenant's archive in the same schema. */
export interface BasemapArchive {
  /** The key after `pmtiles://`: the shipped archive's name, or the archive's http(s) URL. */
  key: string;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
}

export const shippedArchive: BasemapArchive = {
  key: shippedArchiveKey,
  minZoom: basemapLayout.world.minZoom,
  maxZoom: basemapLayout.city.maxZoom,
  bounds: basemapLayout.region.bbox,
};
const roadClass = ['get', 'class'] as ExpressionSpecification;

/** Line width in pixels per road class at zoom `z` (roads widen ~1.5× per zoom). */
function widths(z: number, scale: number): ExpressionSpecification {
  const at = (w: number) => Math.max(0.5, w * scale);
  return ['match', roadClass, ['motorway', 'trunk'], at(z * 1.2), 'primary', at(z), 'secondary', at(z * 0.85), 'tertiary', at(z * 0.7), at(z * 0.5)];
}

/**
 * Line width by zoom: base widths at zooms 8, 12, 15, 18; casings add `extra` from street zoom on.
 * `hiddenUpTo`: 0 px up to that zoom instead of the zoom-8 width (the casing, see roadLayers).
 */
function roadWidth(extra: number, hiddenUpTo?: number): ExpressionSpecification {
  const low = hiddenUpTo === undefined ? [8, widths(1.2, 1)] : [hiddenUpTo, 0];
  return ['interpolate', ['exponential', 1.5], ['zoom'], ...low, 12, ['+', widths(3, 1), extra / 2], 15, ['+', widths(9, 1), extra], 18, ['+', widths(28, 1), extra * 2]] as ExpressionSpecification;
}

function roadColor(p: BasemapPalette): ExpressionSpecification {
  return ['match', roadClass, 'motorway', p.road.motorway, 'trunk', p.road.trunk, 'primary', p.road.primary, 'secondary', p.road.secondary, 'tertiary', p.road.tertiary, p.road.minor];
}

/** Bigger classes draw over smaller ones where they cross. */
const roadOrder: ExpressionSpecification = ['match', roadClass, 'motorway', 6, 'trunk', 5, 'primary', 4, 'secondary', 3, 'tertiary', 2, 1];

const tunnel: ExpressionSpecification = ['==', ['get', 'brunnel'], 'tunnel'];
/** Casings show from street zoom (12) on, where a layer `minzoom` of 12 put them before. */
export const casingMinZoom = 12;

/**
 * The road casing and the roads, written so MapLibre treats them as one at start-up cost:
 * - one line bucket: the worker groups layers whose type, source, source-layer, filter, minzoom,
 *   maxzoom and layout are identical and builds the line geometry (joins, caps, normals — most of
 *   its work on a street-zoom tile) once for the group instead of once per layer. So the casing
 *   has no `minzoom`: its width is 0 up to zoom 11 (no fragments) and reaches the street-zoom
 *   width at 12; in between it grows under the wider road, so it shows from ≈ 12 as before.
 * - one shader program: the painter keys programs by which paint properties are constant,
 *   per-feature or per-feature-and-zoom, so the casing's colour is written per feature (one colour
 *   either way) to match the roads'; with software GL each program costs tens of ms to link.
 * Decision 0420.
 */
function roadLayers(p: BasemapPalette): LayerSpecification[] {
  const layout = { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': roadOrder } as const;
  return [
    {
      id: 'road-casing',
      type: 'line',
      source: 'detail',
      'source-layer': 'roads',
      layout,
      paint: { 'line-color': ['case', tunnel, p.casing, p.casing], 'line-width': roadWidth(2, casingMinZoom - 1), 'line-opacity': ['case', tunnel, 0.3, 1] },
    },
    {
      id: 'roads',
      type: 'line',
      source: 'detail',
      'source-layer': 'roads',
      layout,
      paint: { 'line-color': roadColor(p), 'line-width': roadWidth(0), 'line-opacity': ['case', tunnel, 0.45, 1] },
    },
  ];
}

function placeLayers(p: BasemapPalette): LayerSpecification[] {
  const text = (big: number, small: number): ExpressionSpecification => ['match', ['get', 'kind'], ['capital', 'city'], big, 'town', (big + small) / 2, small];
  const layout = {
    'text-field': ['get', 'name'],
    'text-font': ['case', ['in', ['get', 'kind'], ['literal', ['capital', 'city']]], ['literal', boldFont], ['literal', regularFont]],
    'text-size': ['interpolate', ['linear'], ['zoom'], 3, text(12, 10), 8, text(17, 12), 12, text(20, 14)],
    'text-max-width': 8,
    'text-padding': 4,
    'symbol-sort-key': ['-', ['get', 'population']],
  } as const;
  const paint = { 'text-color': p.placeText, 'text-halo-color': p.halo, 'text-halo-width': 1.6, 'text-halo-blur': 0.5 };
  return [
    { id: 'places-world', type: 'symbol', source: 'world', 'source-layer': 'places', maxzoom: basemapLayout.region.minZoom, layout: layout as LayerSpecification['layout'], paint } as LayerSpecification,
    {
      id: 'places-suburb',
      type: 'symbol',
      source: 'detail',
      'source-layer': 'places',
      minzoom: 11,
      filter: ['==', ['get', 'kind'], 'suburb'],
      layout: { 'text-field': ['get', 'name'], 'text-font': regularFont, 'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 16, 14], 'text-transform': 'uppercase', 'text-letter-spacing': 0.12, 'text-max-width': 7, 'text-padding': 6 },
      paint: { 'text-color': p.suburbText, 'text-halo-color': p.halo, 'text-halo-width': 1.6 },
    },
    { id: 'places', type: 'symbol', source: 'detail', 'source-layer': 'places', minzoom: basemapLayout.region.minZoom, filter: ['!=', ['get', 'kind'], 'suburb'], layout: layout as LayerSpecification['layout'], paint } as LayerSpecification,
  ];
}

function roadLabel(id: string, minzoom: number, classes: string[], p: BasemapPalette): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source: 'detail',
    'source-layer': 'roads',
    minzoom,
    filter: ['in', roadClass, ['literal', classes]],
    layout: {
      'symbol-placement': 'line',
      'symbol-spacing': 280,
      'text-field': ['coalesce', ['get', 'name'], ['get', 'ref']],
      'text-font': regularFont,
      'text-size': ['interpolate', ['linear'], ['zoom'], 12, 10.5, 15, 12.5, 18, 15],
      'text-max-angle': 30,
      'text-padding': 2,
      'text-letter-spacing': 0.02,
      'symbol-sort-key': roadOrder,
    },
    paint: { 'text-color': p.roadText, 'text-halo-color': p.halo, 'text-halo-width': 1.5 },
  };
}

/**
 * The shipped basemap: one PMTiles archive (resources/basemap/) read as two sources — the world
 * band (z0–6) everywhere and the demo region's detail (z7–14) where it has tiles — plus bundled
 * glyphs, so it draws with street and place names and needs no network at all. Vehicle and
 * geofence names stay on the console's canvas overlay (overlay-labels.ts), above these.
 */
export function offlineStyle(theme: MapTheme): StyleSpecification {
  return basemapStyle(theme, shippedArchive, { regionPack: true });
}

/**
 * The same style over any archive in the basemap's schema (a tenant's online PMTiles URL): the
 * world band up to z6, the detail band from z7 within the archive's bounds.
 */
export function basemapStyle(theme: MapTheme, archive: BasemapArchive, options: { regionPack?: boolean } = {}): StyleSpecification {
  const p = basemapPalettes[theme];
  const { world, region } = basemapLayout;
  const tiles = [`pmtiles://${archive.key}/{z}/{x}/{y}`];
  const worldMax = Math.min(world.maxZoom, archive.maxZoom);
  // The shipped map's detail band reads the workspace's region pack first (wherever the fleet
  // operates, so no bounds) and the shipped archive where the pack has no tile; a pack arriving
  // or going only refreshes these tiles (RegionPackTiles.tsx), the style stays as it is.
  const packed = options.regionPack === true;
  const detail = packed
    ? { tiles: [`${detailTilesScheme}://detail/{z}/{x}/{y}`] }
    : { tiles, bounds: archive.bounds };
  return {
    version: 8,
    name: `Fleet basemap (${theme})`,
    glyphs: glyphsUrl,
    sources: {
      world: { type: 'vector', tiles, minzoom: archive.minZoom, maxzoom: worldMax, attribution: basemapAttribution },
      detail: { type: 'vector', ...detail, minzoom: Math.max(region.minZoom, archive.minZoom), maxzoom: Math.max(region.minZoom, archive.maxZoom) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': p.water } },
      { id: 'land-world', type: 'fill', source: 'world', 'source-layer': 'land', paint: { 'fill-color': p.land } },
      { id: 'water', type: 'fill', source: 'detail', 'source-layer': 'water', paint: { 'fill-color': p.water, 'fill-antialias': false } },
      { id: 'land', type: 'fill', source: 'detail', 'source-layer': 'land', paint: { 'fill-color': p.land } },
      {
        id: 'builtup',
        type: 'fill',
        source: 'detail',
        'source-layer': 'builtup',
        paint: { 'fill-color': p.builtUp, 'fill-antialias': false, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0, 10, 1, 14, 1, 16, 0.4] },
      },
      { id: 'boundaries-world', type: 'line', source: 'world', 'source-layer': 'boundaries', maxzoom: region.minZoom, paint: { 'line-color': p.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 6, 1.2], 'line-dasharray': [3, 2] } },
      { id: 'boundaries', type: 'line', source: 'detail', 'source-layer': 'boundaries', paint: { 'line-color': p.border, 'line-width': 1.5, 'line-dasharray': [3, 2] } },
      // The casing and the roads share one line bucket and one shader program (see roadLayers).
      ...roadLayers(p),
      roadLabel('road-labels-minor', 14, ['minor', 'service', 'pedestrian'], p),
      roadLabel('road-labels-major', 12, ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'], p),
      ...placeLayers(p),
    ],
  };
}
