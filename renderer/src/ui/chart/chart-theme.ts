/**
 * Chart colours come from the theme's CSS variables (ui/theme.css), read when a chart is built,
 * so a chart drawn in the light theme uses the light palette. Series colours are named by role.
 */
export type SeriesColour = 'accent' | 'moving' | 'idle' | 'danger' | 'muted';

const variables: Record<SeriesColour, string> = {
  accent: '--accent',
  moving: '--status-moving',
  idle: '--status-idle',
  danger: '--danger',
  muted: '--text-faint',
};

export interface ChartTheme {
  axis: string;
  grid: string;
  text: string;
  colour(of: SeriesColour): string;
}

export function readChartTheme(element: Element = document.documentElement): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    axis: read('--text-muted', '#888'),
    grid: read('--border', '#ccc'),
    text: read('--text', '#000'),
    colour: (of) => read(variables[of], '#888'),
  };
}

/** A colour with an alpha channel for area fills (#rrggbb only; others are returned as they are). */
export function withAlpha(colour: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(colour)) return colour;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255).toString(16).padStart(2, '0');
  return `${colour}${a}`;
}
