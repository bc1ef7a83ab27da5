import { memo, useMemo, useSyncExternalStore } from 'react';
import { deviceStatuses, type DeviceStatus } from '../../../../contract/api/devices.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { humanPace } from '../live/paced-signal.ts';
import { liveCountsReader } from './device-view.ts';
import { statusLabels } from './status-labels.ts';

interface Props {
  store: FleetStore;
  selected: DeviceStatus | null;
  onToggle(status: DeviceStatus): void;
}

/**
 * Counts per status; each is also a toggle that narrows the table to that status. Reads the live
 * counts itself: a live update re-renders these tiles only when a count changed.
 */
export const StatusSummary = memo(function StatusSummary({ store, selected, onToggle }: Props) {
  const read = useMemo(() => liveCountsReader(store), [store]);
  const counts = useSyncExternalStore(humanPace(store).subscribe, read);
  return (
    <div className="status-summary" role="group" aria-label="Vehicles by status">
      {deviceStatuses.map((status) => (
        <button
          key={status}
          type="button"
          className={`status-count status-count--${status}`}
          aria-pressed={selected === status}
          onClick={() => onToggle(status)}
          title={selected === status ? 'Show all statuses' : `Show only ${statusLabels[status].toLowerCase()} vehicles`}
        >
          <span className="status-count__value">{counts[status]}</span>
          <span className="status-count__label">
            <span className="status-pill__dot" aria-hidden="true" />
            {statusLabels[status]}
          </span>
        </button>
      ))}
    </div>
  );
});
