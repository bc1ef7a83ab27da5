import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { LiveClock } from '../live/live-clock.ts';
import type { DeviceSort, SortKey } from './device-view.ts';
import type { AddressAnchors } from './vehicle-row-view.ts';
import { rowHeight, VehicleRow } from './VehicleRow.tsx';

const overscan = 8;
/**
 * How often "last seen" texts are re-read. They change by the minute ("just now", "3 min ago"), so
 * 5 s keeps them at most 5 s late; a tick re-renders only the rows whose text changed.
 */
const seenTickMs = 5_000;

interface Props {
  workspaceId: string;
  devices: readonly Device[];
  /** Indices into `devices`, filtered and sorted. */
  rows: readonly number[];
  store: FleetStore;
  selectedId: string | null;
  sort: DeviceSort;
  onSort(key: SortKey): void;
  /** Must keep its identity across renders (rows are memoized on it). */
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
 * Live data reaches each row on its own (VehicleRow): this table re-renders when the rows, the
 * selection or the scroll position change, never because vehicles moved.
 */
export function VehicleTable({ workspaceId, devices, rows, store, selectedId, sort, onSort, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);
  const [clock] = useState(() => new LiveClock(seenTickMs));
  const [anchors] = useState<AddressAnchors>(() => new Map());

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
          {/* Addresses are asked only by the rows that exist (in view plus overscan), batched. */}
          {rows.slice(first, last).map((deviceIndex, k) => {
            const device = devices[deviceIndex];
            if (!device) return null;
            return (
              <VehicleRow
                key={device.id}
                workspaceId={workspaceId}
                device={device}
                position={first + k}
                selected={device.id === selectedId}
                store={store}
                clock={clock}
                anchors={anchors}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
