import type { PaneName } from '../../../../contract/bridge/domains/desk-domain.ts';

const labels: Record<PaneName, string> = {
  map: 'Open the map in a new window',
  alerts: 'Open the alerts in a new window',
  vehicles: 'Open the vehicle list in a new window',
};

/** "⧉": opens a pane in a window of its own, e.g. for a second monitor. */
export function PopOutButton({ pane, onOpen, className = '' }: { pane: PaneName; onOpen(pane: PaneName): void; className?: string }) {
  return (
    <button type="button" className={`panel-fold pop-out-button ${className}`} onClick={() => onOpen(pane)} aria-label={labels[pane]} title={`${labels[pane]} (for a second monitor)`}>
      ⧉
    </button>
  );
}
