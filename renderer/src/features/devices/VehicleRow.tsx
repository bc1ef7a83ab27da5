import { memo, useMemo, useSyncExternalStore } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import { useUnits } from '../../ui/units.ts';
import type { LiveClock } from '../live/live-clock.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useAddress } from '../places/use-addresses.ts';
import { StatusPill } from './StatusPill.tsx';
import { VehicleRowSelector, type AddressAnchors } from './vehicle-row-view.ts';

export const rowHeight = 48;

interface Props {
  workspaceId: string;
  device: Device;
  /** The row's place in the filtered, sorted list (0-based). */
  position: number;
  selected: boolean;
  store: FleetStore;
  clock: LiveClock;
  anchors: AddressAnchors;
  /** Must keep its identity across renders, or every row re-renders with the list. */
  onSelect(deviceId: string, focusMap: boolean): void;
}

/**
 * One vehicle of the list. It subscribes to the live data it shows itself (VehicleRowSelector),
 * so a live update re-renders the rows whose text changed and nothing else: not the list, not the
 * rows whose vehicle stood still. Memoized: the list re-renders it only when its place, its
 * selection or its device record changed.
 */
export const VehicleRow = memo(function VehicleRow({ workspaceId, device, position, selected, store, clock, anchors, onSelect }: Props) {
  const units = useUnits();
  const selector = useMemo(() => new VehicleRowSelector(store, clock, device, units, anchors), [store, clock, device, units, anchors]);
  const view = useSyncExternalStore(selector.subscribe, selector.read);
  const address = useAddress(workspaceId, view.at);
  return (
    <div
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      className={`vt__row${selected ? ' vt__row--selected' : ''}${view.alerting ? ' vt__row--alert' : ''}`}
      style={{ transform: `translateY(${position * rowHeight}px)` }}
      onClick={() => onSelect(device.id, false)}
      onDoubleClick={() => onSelect(device.id, true)}
      data-device-id={device.id}
    >
      <div role="rowheader" className="vt__name">
        <span className="vt__title">{device.name}</span>
        <span className="vt__sub mono">{device.plate ?? device.uniqueId}</span>
        {/* Narrow panels (devices.css container query) show the place here instead of a column. */}
        <span className="vt__sub-place">
          <AddressText lookup={address} compact />
        </span>
      </div>
      <div role="cell" className="vt__place">
        <AddressText lookup={address} />
      </div>
      <div role="cell" className="vt__group">
        {device.groupName ?? <span className="cell-missing">No group</span>}
      </div>
      <div role="cell" className="vt__status">
        <StatusPill status={view.status} />
        <span className="vt__seen">{view.seen}</span>
      </div>
      <div role="cell" className="vt__speed numeric">
        {view.speed ?? <span className="cell-missing">—</span>}
      </div>
    </div>
  );
});
