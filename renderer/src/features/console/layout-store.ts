import { create } from 'zustand';
import { noChoice, type LayoutChoice, type PanelChoice, type PanelSide } from './panel-layout.ts';

/** Which console window a layout belongs to: the main window today, a pop-out pane later. */
export type WindowName = 'main';

/** One layout per signed-in person per window: a dispatcher's wide list does not follow a colleague. */
export const layoutKey = (accountId: string, window: WindowName) => `fleet-console.layout.${accountId}.${window}`;

function parsePanel(value: unknown): PanelChoice {
  if (typeof value !== 'object' || value === null) return { width: null, collapsed: false };
  const v = value as Partial<Record<keyof PanelChoice, unknown>>;
  const width = typeof v.width === 'number' && Number.isFinite(v.width) ? Math.round(v.width) : null;
  return { width, collapsed: v.collapsed === true };
}

/** A stored layout, or none: anything unreadable (edited by hand, older shape) starts from defaults. */
export function parseLayout(raw: string | null): LayoutChoice {
  if (raw === null) return noChoice;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return noChoice;
    const v = value as Partial<Record<PanelSide, unknown>>;
    return { left: parsePanel(v.left), right: parsePanel(v.right) };
  } catch {
    return noChoice;
  }
}

function load(key: string): LayoutChoice {
  try {
    return parseLayout(localStorage.getItem(key));
  } catch {
    return noChoice;
  }
}

function save(key: string, choice: LayoutChoice): void {
  try {
    localStorage.setItem(key, JSON.stringify(choice));
  } catch {
    // Storage full or disabled: the layout still holds for this session.
  }
}

interface LayoutState {
  choices: Record<string, LayoutChoice>;
  /** Reads the stored layout of `key` once (the first console of that person and window). */
  ensure(key: string): void;
  setWidth(key: string, side: PanelSide, width: number): void;
  setCollapsed(key: string, side: PanelSide, collapsed: boolean): void;
}

/**
 * Panel widths and folds as the person left them, kept in localStorage like the theme (this
 * computer, nothing secret). UI state, so zustand (STYLE.md principle 6).
 */
export const useLayoutStore = create<LayoutState>()((set, get) => {
  const update = (key: string, side: PanelSide, change: Partial<PanelChoice>) => {
    const current = get().choices[key] ?? load(key);
    const next: LayoutChoice = { ...current, [side]: { ...current[side], ...change } };
    save(key, next);
    set((s) => ({ choices: { ...s.choices, [key]: next } }));
  };
  return {
    choices: {},
    ensure: (key) => {
      if (!get().choices[key]) set((s) => ({ choices: { ...s.choices, [key]: load(key) } }));
    },
    setWidth: (key, side, width) => update(key, side, { width: Math.round(width), collapsed: false }),
    setCollapsed: (key, side, collapsed) => update(key, side, { collapsed }),
  };
});

export const useLayoutChoice = (key: string): LayoutChoice => useLayoutStore((s) => s.choices[key] ?? noChoice);
