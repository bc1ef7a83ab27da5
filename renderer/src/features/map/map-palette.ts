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
    gl: { status: status.map(rgb), alert: rgb(value('--danger')), outline: dark ? [0.06, 0.08, 0.1] : [1, 1, 1] },
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
