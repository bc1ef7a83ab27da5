import { readFile } from 'node:fs/promises';
import { writeJsonFile } from './json-file.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

const MIN_WIDTH = 900;
const MIN_HEIGHT = 600;

/**
 * Restores the window where the dispatcher left it, unless that place is no longer on any
 * screen (a monitor was unplugged): then it is centred on the primary work area.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1440, height: 900 };
  const fallback: WindowState = {
    bounds: centre(primary, Math.min(1440, primary.width), Math.min(900, primary.height)),
    maximized: false,
  };
  if (!saved) return fallback;
  const { bounds } = saved;
  const width = Math.max(MIN_WIDTH, bounds.width);
  const height = Math.max(MIN_HEIGHT, bounds.height);
  const visible = workAreas.some((area) => overlap(area, { ...bounds, width, height }) >= 100 * 100);
  return visible ? { bounds: { x: bounds.x, y: bounds.y, width, height }, maximized: saved.maximized } : { ...fallback, maximized: saved.maximized };
}

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<WindowState>;
    const b = value.bounds;
    if (!b || ![b.x, b.y, b.width, b.height].every(Number.isFinite)) return null;
    return { bounds: b, maximized: value.maximized === true };
  } catch {
    return null;
  }
}

export const saveWindowState = (file: string, state: WindowState) => writeJsonFile(file, state);

function centre(area: Rect, width: number, height: number): Rect {
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/** Area (px²) that two rectangles share. */
export function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
