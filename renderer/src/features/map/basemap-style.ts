import type { StyleSpecification } from 'maplibre-gl';
import bordersUrl from '../../../../resources/basemap/borders.geojson?url';
import roadsUrl from '../../../../resources/basemap/gothenburg-roads.geojson?url';
import landUrl from '../../../../resources/basemap/land.geojson?url';

export type MapTheme = 'dark' | 'light';

const palettes = {
  dark: { water: '#0b1a2a', land: '#161d26', border: '#3b4a5c', road: '#2a3441', roadMajor: '#3f4c5e' },
  light: { water: '#b9d3ea', land: '#f2efe9', border: '#a9a19a', road: '#ffffff', roadMajor: '#f6cf7f' },
} as const;

export const naturalEarthAttribution = 'Natural Earth';
export const osmAttribution = '© OpenStreetMap contributors';

/**
 * The bundled basemap: Natural Earth land and borders, shipped with the app and served from our
 * own origin, so the map draws with no network at all. It has no glyphs on purpose (none can be
 * bundled without a font pipeline): the console draws its own labels on a canvas overlay.
 */
export function offlineStyle(theme: MapTheme): StyleSpecification {
  const colors = palettes[theme];
  return {
    version: 8,
    name: 'Fleet offline basemap',
    sources: {
      land: { type: 'geojson', data: new URL(landUrl, document.baseURI).href, attribution: naturalEarthAttribution },
      borders: { type: 'geojson', data: new URL(bordersUrl, document.baseURI).href },
      roads: { type: 'geojson', data: new URL(roadsUrl, document.baseURI).href, attribution: osmAttribution, maxzoom: 16 },
    },
    layers: [
      // Natural Earth's coastline is too coarse for streets: from city zoom on, everything is
      // drawn as land and the OpenStreetMap roads carry the detail.
      { id: 'water', type: 'background', paint: { 'background-color': ['interpolate', ['linear'], ['zoom'], 8, colors.water, 9.5, colors.land] } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': colors.land, 'fill-antialias': true } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': colors.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.5, 8, 1.5], 'line-dasharray': [3, 2] },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: 'roads',
        minzoom: 12,
        filter: ['>=', ['get', 'r'], 3],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': colors.road, 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 12, 0.6, 17, 7] },
      },
      {
        id: 'roads-major',
        type: 'line',
        source: 'roads',
        minzoom: 8,
        filter: ['<=', ['get', 'r'], 2],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': colors.roadMajor, 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 8, 0.8, 17, 12] },
      },
    ],
  };
}

export function roadColors(theme: MapTheme): { minor: string; major: string } {
  return { minor: palettes[theme].road, major: palettes[theme].roadMajor };
}
