import { readFile } from 'node:fs/promises';
import { paneNames, type PaneName } from '../../../contract/bridge/domains/desk-domain.ts';
import { writeJsonFile } from './json-file.ts';
import { overlap, type Rect } from './window-state.ts';

/**
 * Where each pop-out window was, remembered per display arrangement (the set of screens
 * attached), and which were open when the console last closed. Docking a laptop to its two
 * monitors puts the map back on the right-hand monitor; undocked, the laptop's own place applies.
 */
export interface PaneWindowsState {
  /** Display arrangement key → pane → its last bounds there. */
  bounds: Record<string, Partial<Record<PaneName, Rect>>>;
  /** Pop-outs open when the console last closed: opened again at start. */
  open: PaneName[];
}

export const emptyPaneWindows: PaneWindowsState = { bounds: {}, open: [] };

const defaultSize: Record<PaneName, { width: number; height: number }> = {
  map: { width: 1280, height: 800 },
  alerts: { width: 720, height: 800 },
  vehicles: { width: 560, height: 800 },
};
const MIN_VISIBLE = 100 * 100;

/** One key per arrangement of screens: the same monitors in the same places give the same key. */
export function displayArrangementKey(workAreas: readonly Rect[]): string {
  return workAreas.map((a) => `${a.x},${a.y},${a.width}x${a.height}`).sort().join('|');
}

/**
 * Where to open a pane: its remembered place in this arrangement while that is still on a
 * screen; otherwise on the first screen that is not the primary one (the second monitor a
 * pop-out is for), or beside the primary's centre when there is only one.
 * `workAreas[0]` is the primary display.
 */
export function paneBounds(state: PaneWindowsState, pane: PaneName, workAreas: readonly Rect[]): Rect {
  const saved = state.bounds[displayArrangementKey(workAreas)]?.[pane];
  if (saved && workAreas.some((area) => overlap(area, saved) >= MIN_VISIBLE)) return saved;
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1440, height: 900 };
  const target = workAreas.find((a) => a.x !== primary.x || a.y !== primary.y) ?? primary;
  const width = Math.min(defaultSize[pane].width, target.width);
  const height = Math.min(defaultSize[pane].height, target.height);
  // Panes opened on one screen are staggered so they do not sit exactly on top of each other.
  const step = target === primary ? 32 * (paneNames.indexOf(pane) + 1) : 0;
  return {
    x: target.x + Math.round((target.width - width) / 2) + step,
    y: target.y + Math.round((target.height - height) / 2) + step,
    width,
    height,
  };
}

export function rememberPaneBounds(state: PaneWindowsState, pane: PaneName, bounds: Rect, workAreas: readonly Rect[]): PaneWindowsState {
  const key = displayArrangementKey(workAreas);
  return { ...state, bounds: { ...state.bounds, [key]: { ...state.bounds[key], [pane]: bounds } } };
}

export function withOpenPanes(state: PaneWindowsState, open: readonly PaneName[]): PaneWindowsState {
  return { ...state, open: paneNames.filter((p) => open.includes(p)) };
}

export async function loadPaneWindows(file: string): Promise<PaneWindowsState> {
  try {
    return parsePaneWindows(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return emptyPaneWindows;
  }
}

export const savePaneWindows = (file: string, state: PaneWindowsState) => writeJsonFile(file, state);

/** Anything unreadable (edited by hand, an older shape) is dropped, never trusted. */
export function parsePaneWindows(value: unknown): PaneWindowsState {
  if (typeof value !== 'object' || value === null) return emptyPaneWindows;
  const v = value as { bounds?: unknown; open?: unknown };
  const open = Array.isArray(v.open) ? paneNames.filter((p) => (v.open as unknown[]).includes(p)) : [];
  const bounds: PaneWindowsState['bounds'] = {};
  if (typeof v.bounds === 'object' && v.bounds !== null) {
    for (const [key, panes] of Object.entries(v.bounds)) {
      if (typeof panes !== 'object' || panes === null) continue;
      const kept: Partial<Record<PaneName, Rect>> = {};
      for (const pane of paneNames) {
        const rect = (panes as Record<string, unknown>)[pane];
        if (isRect(rect)) kept[pane] = rect;
      }
      bounds[key] = kept;
    }
  }
  return { bounds, open };
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n)) && (r.width as number) > 0 && (r.height as number) > 0;
}
