import type { UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { countOf } from '../../ui/plural.ts';
import { useDeviceFilter, useUiStore } from '../../ui/ui-store.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { useFleetStore, type FleetData } from '../live/use-fleet.ts';
import { groupOptions, nameRanks, searchIndex, type DeviceSort, type SortKey } from './device-view.ts';
import { ListOrder } from './list-order.ts';
import { PopOutButton } from '../desk/PopOutButton.tsx';
import { statusLabels } from './status-labels.ts';
import { StatusSummary } from './StatusSummary.tsx';
import { VehicleTable } from './VehicleTable.tsx';
import './devices.css';
import { errorText } from '../../ui/error-text.ts';

const noDevices: readonly Device[] = [];

interface Props {
  workspaceId: string;
  fleet: UseQueryResult<FleetData>;
  /** Limited to some groups: an empty list says so rather than "no vehicles yet". */
  groupScoped?: boolean;
  tenantName?: string;
  /** Folds the list into its rail (or closes it when it is open over the map). */
  onFold?(): void;
  /** Open over the map because the window is narrow: the fold button reads "Close". */
  overlay?: boolean;
  /** Opens the list in a window of its own (absent in that window). */
  onPopOut?(): void;
}

/**
 * The left panel: live counts per status, search, group filter, the virtualized vehicle list.
 * It re-renders for what a person does (filter, sort, select) and when live data changes the
 * rows' order or membership (ListOrder); the counts and each row follow live data on their own.
 */
export function DeviceList({ workspaceId, fleet, groupScoped = false, tenantName, onFold, overlay = false, onPopOut }: Props) {
  const store = useFleetStore();
  // The store's own empty filter, not a new object per render: `rows` below would be filtered and
  // sorted again on every render of the console otherwise.
  const filter = useDeviceFilter(workspaceId);
  const setQuery = useUiStore((s) => s.setDeviceQuery);
  const toggleStatus = useUiStore((s) => s.toggleDeviceStatus);
  const setGroup = useUiStore((s) => s.setDeviceGroup);
  const clear = useUiStore((s) => s.clearDeviceFilter);
  const selectedId = useConsoleStore((s) => s.selectedDeviceId);
  const select = useConsoleStore((s) => s.select);
  const requestFit = useConsoleStore((s) => s.requestFit);
  const [sort, setSort] = useState<DeviceSort>({ key: 'name', descending: false });
  const onSelect = useCallback((id: string, focus: boolean) => select(id, { focus }), [select]);
  const onToggleStatus = useCallback((status: DeviceStatus) => toggleStatus(workspaceId, status), [toggleStatus, workspaceId]);

  const devices = fleet.data?.devices;
  // Built when the devices arrive, not on the first keystroke (issue 6: cold filter < 30 ms).
  const haystacks = useMemo(() => searchIndex(devices ?? noDevices), [devices]);
  const ranks = useMemo(() => nameRanks(devices ?? noDevices), [devices]);
  const groups = useMemo(() => groupOptions(devices ?? noDevices), [devices]);
  // Filtered and sorted when the filter, the sort or the fleet changes; afterwards live data
  // re-sorts or re-filters only when a value the order depends on changed (list-order.ts).
  const order = useMemo(() => new ListOrder(store, { devices: devices ?? noDevices, haystacks, ranks, filter, sort }), [store, devices, haystacks, ranks, filter, sort]);
  const rows = useSyncExternalStore(order.subscribe, order.getRows);
  const filtering = filter.query.trim() !== '' || filter.status !== null || filter.group !== null;
  const onSort = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'speed' || key === 'lastSeen' }));

  return (
    <section className="devices" aria-labelledby="devices-title">
      <div className="devices__header">
        <h1 id="devices-title" className="devices__title">
          Vehicles
          {devices && <span className="devices__total">{devices.length}</span>}
        </h1>
        <button
          type="button"
          className="button button--small"
          onClick={() => requestFit(rows.map((i) => devices?.[i]?.id ?? ''))}
          disabled={!rows.length}
          title={filtering ? 'Zoom the map to the vehicles listed (this filter or group)' : 'Zoom the map to the whole fleet'}
        >
          Fit on map
        </button>
        {onPopOut && <PopOutButton pane="vehicles" onOpen={onPopOut} />}
        {onFold && (
          <button type="button" className="panel-fold" onClick={onFold} aria-label={overlay ? 'Close the vehicle list' : 'Fold the vehicle list'} title={overlay ? 'Close (Esc)' : 'Fold into a rail'}>
            {overlay ? '×' : '«'}
          </button>
        )}
      </div>
      <StatusSummary store={store} selected={filter.status} onToggle={onToggleStatus} />
      <div className="devices__tools">
        <label className="visually-hidden" htmlFor="device-search">
          Search vehicles
        </label>
        <input
          id="device-search"
          className="input devices__search"
          type="search"
          placeholder="Name, plate, unit ID ( / )"
          title="Search vehicles by name, plate or unit ID ( / )"
          value={filter.query}
          onChange={(e) => setQuery(workspaceId, e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-keyshortcuts="/"
        />
        <label className="visually-hidden" htmlFor="device-group">
          Group
        </label>
        <select id="device-group" className="input devices__group" value={filter.group ?? ''} onChange={(e) => setGroup(workspaceId, e.target.value || null)}>
          <option value="">All groups</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.count})
            </option>
          ))}
        </select>
      </div>

      {fleet.isPending && (
        <div className="devices__state" role="status">
          <Spinner size={20} />
          <p>Loading vehicles…</p>
        </div>
      )}
      {fleet.isError && (
        <div className="devices__state">
          <InlineAlert
            tone="error"
            action={
              <button type="button" className="button" onClick={() => void fleet.refetch()} disabled={fleet.isFetching}>
                Retry
              </button>
            }
          >
            <strong>Could not load vehicles.</strong> {errorText(fleet.error)}
          </InlineAlert>
        </div>
      )}
      {devices && devices.length === 0 && (
        <div className="devices__state devices__state--empty" data-testid="fleet-empty">
          {groupScoped ? (
            <>
              <p className="devices__empty-title">No vehicles in your groups</p>
              <p className="muted">
                You see only the vehicles of the groups an administrator gave you{tenantName ? ` in ${tenantName}` : ''}, and none of those groups has a
                vehicle. Ask an administrator to add vehicles to your groups or to give you another group.
              </p>
            </>
          ) : (
            <>
              <p className="devices__empty-title">No vehicles in this workspace yet</p>
              <p className="muted">Vehicles appear here as soon as an administrator adds them to this account.</p>
            </>
          )}
        </div>
      )}
      {devices && devices.length > 0 && (
        <>
          <p className="devices__count" aria-live="polite">
            {filtering ? `Showing ${rows.length} of ${devices.length}${filter.status ? ` · ${statusLabels[filter.status]} only` : ''}` : countOf(devices.length, 'vehicle', 'vehicles')}
            {filtering && (
              <button type="button" className="button button--link" onClick={() => clear(workspaceId)}>
                Clear filter
              </button>
            )}
          </p>
          {rows.length > 0 ? (
            <VehicleTable
              workspaceId={workspaceId}
              devices={devices}
              rows={rows}
              store={store}
              selectedId={selectedId}
              sort={sort}
              onSort={onSort}
              onSelect={onSelect}
            />
          ) : (
            <div className="devices__state devices__state--empty">
              <p className="devices__empty-title">No vehicles match this filter</p>
              <button type="button" className="button" onClick={() => clear(workspaceId)}>
                Clear filter
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
