import type { DeviceStatus } from '../../../../contract/api/devices.ts';
import { statusLabels } from './status-labels.ts';

/** Colour helps scanning, the word carries the meaning (never colour alone). */
export function StatusPill({ status }: { status: DeviceStatus }) {
  return (
    <span className={`status-pill status-pill--${status}`}>
      <span className="status-pill__dot" aria-hidden="true" />
      {statusLabels[status]}
    </span>
  );
}
