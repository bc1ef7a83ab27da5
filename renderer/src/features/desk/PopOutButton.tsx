import type { PaneName } from '../../../../contract/bridge/domains/desk-domain.ts';

const labels: Record<PaneName, string> = {
  map: 'Open the map in a new window',
  alerts: 'Open the alerts in a new window',
  vehicles: 'Open the vehicle list in a new window',
};

/** Opens a pane in a window of its own, e.g. for a second monitor (an "open in new window" icon, drawn: not every system font has a glyph for it). */
export function PopOutButton({ pane, onOpen, className = '' }: { pane: PaneName; onOpen(pane: PaneName): void; className?: string }) {
  return (
    <button type="button" className={`panel-fold pop-out-button ${className}`} onClick={() => onOpen(pane)} aria-label={labels[pane]} title={`${labels[pane]} (for a second monitor)`}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M9 2.75h4.25V7M13.25 2.75 7.5 8.5M11.5 9.5v3.75h-8.75V4.5H6.5" />
      </svg>
    </button>
  );
}
