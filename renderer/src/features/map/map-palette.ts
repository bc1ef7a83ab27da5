import type { OverlayColors } from './overlay-painter.ts';
import type { VehiclePalette } from './vehicle-gl-layer.ts';

const statusVars = ['--status-moving', '--status-idle', '--status-stopped', '--status-offline', '--status-unknown'];

function rgb(css: string): [number, number, number] {
  const hex = css.trim().replace('#', '');
  if (!/^[0-9a-f]{6}$/i.test(hex)) return [0.5, 0.5, 0.5];
  return [0, 2, 4].map((o) => parseInt(hex.slice(o, o + 2), 16) / 255) as [number, number, number];
}

/**
 * Map colours come from the theme's CSS variables, so the map, the status pills and the counts
 * always agree — and a theme switch recolours vehicles without touching the layer code.
 */
export function readMapColors(element: Element): { gl: VehiclePalette; overlay: OverlayColors } {
  const style = getComputedStyle(element);
  const value = (name: string) => style.getPropertyValue(name).trim();
  const status = statusVars.map(value);
  const dark = (element.getAttribute('data-theme') ?? 'dark') === 'dark';
  return {
    gl: { status: status.map(rgb), alert: rgb(value('--danger')), outline: dark ? [0.06, 0.08, 0.1] : [1, 1, 1], selection: dark ? [1, 1, 1] : rgb(value('--accent')) },
    overlay: {
      status,
      alert: value('--danger'),
      text: value('--text'),
      halo: dark ? 'rgba(13,17,23,0.9)' : 'rgba(255,255,255,0.92)',
      areaText: value('--text-muted'),
      clusterFill: dark ? 'rgba(21,27,35,0.92)' : 'rgba(255,255,255,0.95)',
    },
  };
}

/**
 * The offline basemap's colours per console theme: quiet land and water in the theme's surface
 * tones so vehicles and alerts stay the loudest things on the map; roads brighten with their
 * class; labels use the theme's text colours with a halo of the map's own ground.
 */
export const basemapPalettes = {
  dark: {
    water: '#0a1420',
    land: '#151b23',
    builtUp: '#1a212b',
    border: '#4a5869',
    casing: '#0d1117',
    road: { minor: '#262f3b', tertiary: '#2e3947', secondary: '#384557', primary: '#43526a', trunk: '#56637a', motorway: '#6a7890' },
    roadText: '#a3b0bf',
    placeText: '#d5dde6',
    suburbText: '#8a97a6',
    halo: '#0d1117',
  },
  light: {
    water: '#aacbe4',
    land: '#f4f2ee',
    builtUp: '#ebe8e2',
    border: '#9a8f99',
    casing: '#cfc8bd',
    road: { minor: '#ffffff', tertiary: '#ffffff', secondary: '#fcefc0', primary: '#fbe2a0', trunk: '#f8cf84', motorway: '#f2b56b' },
    roadText: '#4a5968',
    placeText: '#1f2a35',
    suburbText: '#5d6b7a',
    halo: '#ffffff',
  },
} as const;
export type BasemapPalette = (typeof basemapPalettes)[keyof typeof basemapPalettes];
