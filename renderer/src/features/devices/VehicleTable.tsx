import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import { useUnits } from '../../ui/units.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useVehicleAddresses } from '../places/use-addresses.ts';
import type { DeviceSort, SortKey } from './device-view.ts';
import { StatusPill } from './StatusPill.tsx';

const rowHeight = 48;
const overscan = 8;

interface Props {
  workspaceId: string;
  devices: readonly Device[];
  /** Indices into `devices`, filtered and sorted. */
  rows: readonly number[];
  store: FleetStore;
  selectedId: string | null;
  sort: DeviceSort;
  now: number;
  onSort(key: SortKey): void;
  onSelect(deviceId: string, focusMap: boolean): void;
}

/**
 * Columns and the sort keys their header offers. Location cannot be sorted (addresses are looked
 * up only for the rows in view); status and last seen share a column (the pill, and under it when
 * the vehicle last reported), so a narrow panel still has room for names and places.
 */
const columns: { sorts: { key: SortKey; label: string }[]; label: string; className: string }[] = [
  { sorts: [{ key: 'name', label: 'Vehicle' }], label: 'Vehicle', className: 'vt__name' },
  { sorts: [], label: 'Location', className: 'vt__place' },
  // Only wide lists show it (devices.css container query); narrower ones keep it off the row.
  { sorts: [], label: 'Group', className: 'vt__group' },
  {
    sorts: [
      { key: 'status', label: 'Status' },
      { key: 'lastSeen', label: 'Seen' },
    ],
    label: 'Status',
    className: 'vt__status',
  },
  { sorts: [{ key: 'speed', label: 'Speed' }], label: 'Speed', className: 'vt__speed numeric' },
];

/**
 * The vehicle list, virtualized: only the rows in view (plus a few) exist in the DOM, so 50,000
 * vehicles scroll like 50. ARIA table semantics for screen readers; the list itself is one tab
 * stop, arrow keys move the selection (which the map follows), Enter centres the map on it.
 */
export function VehicleTable({ workspaceId, devices, rows, store, selectedId, sort, now, onSort, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);
  const units = useUnits();

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const selectedRow = selectedId ? rows.findIndex((i) => devices[i]?.id === selectedId) : -1;
  // Selection made elsewhere (map click, alert) scrolls its row into view.
  useEffect(() => {
    const element = scroller.current;
    if (!element || selectedRow < 0) return;
    const top = selectedRow * rowHeight;
    if (top < element.scrollTop || top + rowHeight > element.scrollTop + element.clientHeight) {
      element.scrollTop = Math.max(0, top - element.clientHeight / 2);
    }
  }, [selectedRow]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  // Addresses only for the rows that exist (in view plus overscan): batched, ~30 points at most.
  const shownIds = rows.slice(first, last).map((i) => devices[i]?.id ?? '');
  const addresses = useVehicleAddresses(workspaceId, store, shownIds);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    if (event.key === 'Enter' && selectedId) {
      event.preventDefault();
      onSelect(selectedId, true);
      return;
    }
    if (step === undefined && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, (selectedRow < 0 ? -1 : selectedRow) + (step ?? 0)));
    const id = devices[rows[target] ?? -1]?.id;
    if (id) onSelect(id, false);
  };

  return (
    <div className="vt" role="table" aria-label="Vehicles" aria-rowcount={rows.length + 1}>
      <div className="vt__head" role="rowgroup">
        <div className="vt__row vt__row--head" role="row">
          {columns.map(({ sorts, label, className }) => {
            const sorted = sorts.find((o) => o.key === sort.key);
            return (
              <div key={label} role="columnheader" className={`${className}${sorts.length === 0 ? ' vt__plain-head' : ''}`} aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                {sorts.length === 0
                  ? label
                  : sorts.map((option) => (
                      <button key={option.key} type="button" className="vt__sort" onClick={() => onSort(option.key)}>
                        {option.label}
                        <span aria-hidden="true" className="vt__sort-arrow">
                          {sort.key === option.key ? (sort.descending ? '▼' : '▲') : ''}
                        </span>
                      </button>
                    ))}
              </div>
            );
          })}
        </div>
      </div>
      <div
        ref={scroller}
        className="vt__body"
        role="rowgroup"
        tabIndex={0}
        aria-label="Vehicle rows: arrow keys select, Enter shows on map"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
          {rows.slice(first, last).map((deviceIndex, k) => {
            const device = devices[deviceIndex];
            if (!device) return null;
            const slot = store.indexOf(device.id);
            const located = slot >= 0 && store.located[slot] === 1;
            const fix = slot >= 0 ? (store.fixTime[slot] ?? 0) : 0;
            const selected = device.id === selectedId;
            return (
              <div
                key={device.id}
                role="row"
                aria-rowindex={first + k + 2}
                aria-selected={selected}
                className={`vt__row${selected ? ' vt__row--selected' : ''}${slot >= 0 && store.alerting[slot] ? ' vt__row--alert' : ''}`}
                style={{ transform: `translateY(${(first + k) * rowHeight}px)` }}
                onClick={() => onSelect(device.id, false)}
                onDoubleClick={() => onSelect(device.id, true)}
                data-device-id={device.id}
              >
                <div role="rowheader" className="vt__name">
                  <span className="vt__title">{device.name}</span>
                  <span className="vt__sub mono">{device.plate ?? device.uniqueId}</span>
                  {/* Narrow panels (devices.css container query) show the place here instead of a column. */}
                  <span className="vt__sub-place">
                    <AddressText lookup={addresses[k]} compact />
                  </span>
                </div>
                <div role="cell" className="vt__place">
                  <AddressText lookup={addresses[k]} />
                </div>
                <div role="cell" className="vt__group">
                  {device.groupName ?? <span className="cell-missing">No group</span>}
                </div>
                <div role="cell" className="vt__status">
                  <StatusPill status={slot >= 0 ? store.statusOf(slot) : device.status} />
                  <span className="vt__seen">{formatRelativeTime(fix ? new Date(fix).toISOString() : device.lastSeenAt, now, units.date)}</span>
                </div>
                <div role="cell" className="vt__speed numeric">
                  {located ? units.speed(store.speed[slot] ?? 0) : <span className="cell-missing">—</span>}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
