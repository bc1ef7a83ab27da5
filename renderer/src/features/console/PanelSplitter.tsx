import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { panelLimits, type PanelSide } from './panel-layout.ts';

interface Props {
  side: PanelSide;
  /** The panel's current width (px). */
  width: number;
  label: string;
  onResize(width: number): void;
  onCollapse(): void;
}

const keyStep = 24;

/**
 * The edge between a side panel and the map: drag it (or focus it and press the arrow keys) to
 * resize the panel, Enter folds the panel into its rail. A WAI-ARIA window splitter, so screen
 * readers announce the width.
 */
export function PanelSplitter({ side, width, label, onResize, onCollapse }: Props) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  // Dragging right widens the list (left panel) and narrows the details (right panel).
  const direction = side === 'left' ? 1 : -1;
  const { min, max } = panelLimits[side];

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    onResize(Math.min(max, Math.max(min, start.width + direction * (event.clientX - start.x))));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onCollapse();
      return;
    }
    const step = event.key === 'ArrowRight' ? keyStep : event.key === 'ArrowLeft' ? -keyStep : 0;
    if (!step) return;
    event.preventDefault();
    onResize(Math.min(max, Math.max(min, width + direction * step)));
  };

  return (
    <div
      className={`panel-splitter panel-splitter--${side}`}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={`${label}: drag to resize, Enter folds it`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
