import { deviceStatuses, type DeviceStatus } from '../../../../contract/api/devices.ts';
type StatusCounts = Record<DeviceStatus, number>;
import { statusLabels } from './status-labels.ts';

interface Props {
  counts: StatusCounts;
  selected: DeviceStatus | null;
  onToggle(status: DeviceStatus): void;
}

/** Counts per status; each is also a toggle that narrows the table to that status. */
export function StatusSummary({ counts, selected, onToggle }: Props) {
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
}
