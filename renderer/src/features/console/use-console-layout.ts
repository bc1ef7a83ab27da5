import { useEffect, useLayoutEffect, useState } from 'react';
import { useConsoleStore } from './console-store.ts';
import { layoutKey, useLayoutChoice, useLayoutStore, type WindowName } from './layout-store.ts';
import { planLayout, railWidth, rightOverhang, type LayoutPlan, type PanelSide } from './panel-layout.ts';

export interface ConsoleLayout {
  /** Attach to the element whose width the panels share with the map. */
  setBody: (element: HTMLElement | null) => void;
  /** The grid's plan: always the details panel's widths, so the map keeps its size across tabs. */
  plan: LayoutPlan;
  /**
   * How far the right panel reaches over the map while it shows the alert inbox (wider than the
   * details); the same whichever tab is open, so switching tabs re-renders the panel, not the
   * console (the panel applies it: DispatchConsole's RightPanel, MapCameraController).
   */
  inboxOverhang: number;
  /** A folded panel opened over the map (narrow windows), or none. */
  overlay: PanelSide | null;
  /** The width of a panel opened over the map: its open width, leaving some map visible. */
  overlayWidth(side: PanelSide): number;
  resize(side: PanelSide, width: number): void;
  /** Fold an open panel, or close one that is open over the map. */
  fold(side: PanelSide): void;
  /** Unfold a panel from its rail: in place when it fits, over the map when it does not. */
  unfold(side: PanelSide): void;
}

/** Map room left visible beside a panel opened over it. */
const mapPeek = 120;

/**
 * The dispatch layout's panels for one person in one window: widths and folds from the layout
 * store, fitted to the window's width as it changes (panel-layout.ts). A panel folded because the
 * window is narrow opens over the map on demand, and the detail panel does so when a vehicle is
 * selected — at 1024 px the card is still one click away.
 */
export function useConsoleLayout(accountId: string, window: WindowName): ConsoleLayout {
  const key = layoutKey(accountId, window);
  const ensure = useLayoutStore((s) => s.ensure);
  const setWidth = useLayoutStore((s) => s.setWidth);
  const setCollapsed = useLayoutStore((s) => s.setCollapsed);
  useLayoutEffect(() => ensure(key), [ensure, key]);
  const choice = useLayoutChoice(key);
  const [width, setBodyWidth] = useState(() => globalThis.innerWidth);
  const [overlay, setOverlay] = useState<PanelSide | null>(null);
  const [body, setBody] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!body) return;
    const observer = new ResizeObserver(() => setBodyWidth(body.clientWidth));
    observer.observe(body);
    return () => observer.disconnect();
  }, [body]);

  // The alert inbox gets a wider right panel by default (one line per alert stays readable); it
  // reaches over the map rather than narrowing it (panel-layout.ts, rightOverhang). Which tab is
  // open matters here only to a panel opened over the map (its width): opening the inbox must not
  // re-render the whole console (decision 0510).
  const rightContent = useConsoleStore((s) => (overlay !== null && s.panel === 'alerts' ? 'inbox' : 'detail'));
  const plan = planLayout(width, choice, 'detail');
  const contentPlan = rightContent === 'inbox' ? planLayout(width, choice, 'inbox') : plan;
  const inboxOverhang = rightOverhang(width, choice);
  // A panel that fits again is simply open: an overlay of it would be a second copy.
  const shownOverlay = overlay && plan[overlay].mode === 'rail' ? overlay : null;

  const autoRight = plan.right.auto;
  useEffect(() => {
    if (!autoRight) return;
    return useConsoleStore.subscribe((state, previous) => {
      if (state.selectedDeviceId !== null && state.selectedDeviceId !== previous.selectedDeviceId) setOverlay('right');
    });
  }, [autoRight]);

  // Escape closes a panel opened over the map wherever the focus is (the list keeps it, usually).
  useEffect(() => {
    if (!shownOverlay) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) setOverlay(null);
    };
    globalThis.addEventListener('keydown', onKeyDown);
    return () => globalThis.removeEventListener('keydown', onKeyDown);
  }, [shownOverlay]);

  return {
    setBody,
    plan,
    inboxOverhang,
    overlay: shownOverlay,
    overlayWidth: (side) => Math.max(railWidth, Math.min(contentPlan[side].openWidth, width - plan.left.width - plan.right.width - mapPeek + plan[side].width)),
    resize: (side, next) => setWidth(key, side, next),
    fold: (side) => {
      if (shownOverlay === side) setOverlay(null);
      else setCollapsed(key, side, true);
    },
    unfold: (side) => {
      if (choice[side].collapsed) {
        setCollapsed(key, side, false);
        // Unfolded but still too narrow to fit: show it over the map right away.
        const content = useConsoleStore.getState().panel === 'alerts' ? 'inbox' : 'detail';
        if (planLayout(width, { ...choice, [side]: { ...choice[side], collapsed: false } }, content)[side].mode === 'rail') setOverlay(side);
      } else {
        setOverlay(side);
      }
    },
  };
}
