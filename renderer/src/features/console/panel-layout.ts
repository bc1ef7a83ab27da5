/**
 * How wide the two side panels of the dispatch layout are, decided from the window's width and
 * what the person chose (dragged widths, collapsed panels). Pure so every screen size can be
 * tested without a browser: a laptop at 1024 px keeps the list and folds the detail panel into a
 * rail; a 2560 px desk gets wider panels (the list shows more columns) and still a larger map.
 */

export type PanelSide = 'left' | 'right';

/** What one person chose for one panel in one window (persisted, see layout-store.ts). */
export interface PanelChoice {
  /** Dragged width in CSS px; null = the default for the window's width. */
  width: number | null;
  /** Folded into a rail on purpose (the collapse button or the rail's keyboard shortcut). */
  collapsed: boolean;
}

export type LayoutChoice = Record<PanelSide, PanelChoice>;

export interface PanelPlan {
  /** 'rail': a narrow strip with buttons that open the panel. */
  mode: 'open' | 'rail';
  /** Width the panel takes in the grid (the rail's width when folded). */
  width: number;
  /** Folded because the window is too narrow, not by choice: it opens over the map on demand. */
  auto: boolean;
  /** The width it would have open (the drawer's width when it opens over the map). */
  openWidth: number;
}

export type LayoutPlan = Record<PanelSide, PanelPlan>;

export const railWidth = 44;
/** The map never gets narrower than this while a panel can fold instead. */
export const minMapWidth = 440;
export const panelLimits: Record<PanelSide, { min: number; max: number }> = {
  left: { min: 300, max: 720 },
  right: { min: 300, max: 600 },
};

export const noChoice: LayoutChoice = { left: { width: null, collapsed: false }, right: { width: null, collapsed: false } };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * What the right panel shows: a vehicle's details, or the alert inbox, whose one-line rows
 * (severity, vehicle, what, where, age, assignee) need about twice the width to stay readable.
 */
export type RightContent = 'detail' | 'inbox';

/** The inbox may be dragged wider than the detail panel. */
const inboxMaxWidth = 900;

/**
 * Default widths grow with the window: about a quarter for the list, a fifth for the details,
 * a bit over a third for the alert inbox (≈690 px at 1920).
 */
export function defaultWidth(side: PanelSide, windowWidth: number, right: RightContent = 'detail'): number {
  if (side === 'left') return clamp(Math.round(windowWidth * 0.24), 340, 600);
  return right === 'inbox' ? clamp(Math.round(windowWidth * 0.36), 360, 800) : clamp(Math.round(windowWidth * 0.2), 360, 480);
}

/** The width a person's choice asks for, within the panel's limits. */
export function wantedWidth(side: PanelSide, choice: PanelChoice, windowWidth: number, right: RightContent = 'detail'): number {
  const { min, max } = panelLimits[side];
  const upper = side === 'right' && right === 'inbox' ? inboxMaxWidth : max;
  return clamp(choice.width ?? defaultWidth(side, windowWidth, right), min, upper);
}

/**
 * Fits the panels into `windowWidth`, leaving the map at least `minMapWidth`: first the detail
 * panel gives up width down to its minimum, then the list; when even both minimums do not fit, the
 * detail panel folds into a rail (the list answers most calls), and the list takes what is left —
 * folding too only when the window is narrower than a list, a rail and the map.
 */
export function planLayout(windowWidth: number, choice: LayoutChoice, content: RightContent = 'detail'): LayoutPlan {
  const wantLeft = wantedWidth('left', choice.left, windowWidth);
  const wantRight = wantedWidth('right', choice.right, windowWidth, content);
  const available = Math.max(0, windowWidth - minMapWidth);
  const rail = (openWidth: number, auto: boolean): PanelPlan => ({ mode: 'rail', width: railWidth, auto, openWidth });
  const open = (width: number, openWidth: number): PanelPlan => ({ mode: 'open', width, auto: false, openWidth });

  let right: PanelPlan = choice.right.collapsed ? rail(wantRight, false) : open(wantRight, wantRight);
  const leftRoom = (r: PanelPlan) => available - r.width;
  if (!choice.left.collapsed) {
    if (right.mode === 'open' && wantLeft + wantRight > available) {
      const excess = wantLeft + wantRight - available;
      const rightWidth = Math.max(panelLimits.right.min, wantRight - excess);
      right = rightWidth + panelLimits.left.min <= available ? open(rightWidth, wantRight) : rail(wantRight, true);
    }
    const leftWidth = Math.min(wantLeft, leftRoom(right));
    const left = leftWidth >= panelLimits.left.min ? open(leftWidth, wantLeft) : rail(wantLeft, true);
    return { left, right };
  }
  const left = rail(wantLeft, false);
  if (right.mode === 'open' && right.width > leftRoom(left)) {
    const rightWidth = leftRoom(left);
    right = rightWidth >= panelLimits.right.min ? open(rightWidth, wantRight) : rail(wantRight, true);
  }
  return { left, right };
}

/**
 * How far the alert inbox, wider than the details panel, reaches over the map's right edge. The
 * grid is always planned for the details panel, so switching between the two never resizes the
 * map: a WebGL canvas resize blocks the main thread (≈ 0.9 s under software GL) and the map then
 * places all its labels again (docs/decisions/0271-live-console-renders-only-what-changed.md).
 * The map keeps at least `minMapWidth` uncovered; a folded panel has no overhang (it opens over
 * the map whole).
 */
export function rightOverhang(windowWidth: number, choice: LayoutChoice): number {
  const detail = planLayout(windowWidth, choice, 'detail');
  const inbox = planLayout(windowWidth, choice, 'inbox');
  if (detail.right.mode !== 'open' || inbox.right.mode !== 'open') return 0;
  const mapWidth = windowWidth - detail.left.width - detail.right.width;
  return Math.max(0, Math.min(inbox.right.width - detail.right.width, mapWidth - minMapWidth));
}

/** The CSS grid columns for a plan: list, map, details. */
export function gridColumns(plan: LayoutPlan): string {
  return `${plan.left.width}px minmax(0, 1fr) ${plan.right.width}px`;
}
