import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { StatusPill } from '../devices/StatusPill.tsx';
import type { FleetStore } from '../live/fleet-store.ts';
import { statusOrder } from '../live/fleet-store.ts';

/** Vehicles standing on one spot, listed because their markers cover each other. */
export interface MemberList {
  ids: readonly string[];
  /** Where the list points to ([lng, lat]). */
  center: [number, number];
  /** The fleet layout the ids belong to: the list closes when the fleet is replaced. */
  layoutVersion: number;
}

interface Props {
  map: MapLibreMap;
  store: FleetStore;
  list: MemberList;
  onPick(deviceId: string): void;
  onClose(): void;
}

/** Long lists are cut here; the count says how many there are. */
const maxRows = 100;

/**
 * A small list anchored to the map where a cluster of a yard, or vehicles stacked on one spot,
 * were clicked: at any zoom their markers overlap, so a pick from the list is the way to one.
 * Follows the map as it moves; Escape or the close button closes it.
 */
export function ClusterMembers({ map, store, list, onPick, onClose }: Props) {
  const [at, setAt] = useState(() => map.project(list.center));
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const place = () => setAt(map.project(list.center));
    place();
    map.on('move', place);
    return () => {
      map.off('move', place);
    };
  }, [map, list.center]);
  useEffect(() => first.current?.focus(), []);

  const rows = list.ids.slice(0, maxRows).flatMap((id) => {
    const i = store.indexOf(id);
    return i < 0 ? [] : [{ id, name: store.names[i] ?? id, status: statusOrder[store.status[i] ?? 4] ?? 'unknown' }];
  });
  rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return (
    <div
      className="cluster-members"
      style={{ left: at.x, top: at.y }}
      role="dialog"
      aria-label={`${list.ids.length} vehicles here`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="cluster-members__header">
        <strong>{list.ids.length} vehicles here</strong>
        <button type="button" className="cluster-members__close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <ul className="cluster-members__list">
        {rows.map((row, k) => (
          <li key={row.id}>
            <button type="button" ref={k === 0 ? first : undefined} onClick={() => onPick(row.id)}>
              <span className="cluster-members__name">{row.name}</span>
              <StatusPill status={row.status} />
            </button>
          </li>
        ))}
      </ul>
      {list.ids.length > maxRows && <p className="cluster-members__more">and {list.ids.length - maxRows} more — zoom in or filter the list</p>}
    </div>
  );
}
