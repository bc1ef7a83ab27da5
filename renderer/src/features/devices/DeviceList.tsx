import { useMemo } from 'react';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useDeviceFilter, useUiStore } from '../../ui/ui-store.ts';
import { countByStatus, filterDevices } from './device-filter.ts';
import { DeviceTable } from './DeviceTable.tsx';
import { statusLabels } from './status-labels.ts';
import { StatusSummary } from './StatusSummary.tsx';
import { useDevices } from './use-devices.ts';
import './devices.css';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The active workspace's vehicles: status summary, search, table, and every state in between. */
export function DeviceList({ workspaceId }: { workspaceId: string }) {
  const devices = useDevices(workspaceId);
  const filter = useDeviceFilter(workspaceId);
  const setQuery = useUiStore((s) => s.setDeviceQuery);
  const toggleStatus = useUiStore((s) => s.toggleDeviceStatus);

  const items = devices.data?.items;
  const counts = useMemo(() => countByStatus(items ?? []), [items]);
  const visible = useMemo(() => filterDevices(items ?? [], filter), [items, filter]);
  const filtering = filter.query.trim() !== '' || filter.status !== null;
  const clearFilter = () => {
    setQuery(workspaceId, '');
    if (filter.status) toggleStatus(workspaceId, filter.status);
  };

  return (
    <section className="devices" aria-labelledby="devices-title">
      <div className="devices__header">
        <h1 id="devices-title" className="devices__title">
          Vehicles
          {devices.data && <span className="devices__total">{devices.data.total}</span>}
        </h1>
        <div className="devices__tools">
          <label className="visually-hidden" htmlFor="device-search">
            Search vehicles
          </label>
          <input
            id="device-search"
            className="input devices__search"
            type="search"
            placeholder="Search name, plate or unique ID"
            aria-describedby="device-search-hint"
            value={filter.query}
            onChange={(e) => setQuery(workspaceId, e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
          <span id="device-search-hint" className="visually-hidden">
            Filters the vehicles already loaded; every word must match.
          </span>
          <button
            type="button"
            className="button devices__refresh"
            onClick={() => void devices.refetch()}
            disabled={devices.isFetching}
            title={devices.dataUpdatedAt ? `Last updated ${clock.format(devices.dataUpdatedAt)}` : undefined}
          >
            {devices.isFetching ? <Spinner /> : null}
            Refresh
          </button>
        </div>
      </div>

      {items && items.length > 0 && <StatusSummary counts={counts} selected={filter.status} onToggle={(s) => toggleStatus(workspaceId, s)} />}

      {devices.isPending && (
        <div className="devices__state" role="status">
          <Spinner size={20} />
          <p>Loading vehicles…</p>
        </div>
      )}

      {devices.isError && (
        <div className="devices__state">
          <InlineAlert
            tone="error"
            action={
              <button type="button" className="button" onClick={() => void devices.refetch()} disabled={devices.isFetching}>
                Retry
              </button>
            }
          >
            <strong>Could not load vehicles.</strong> {devices.error.message}
          </InlineAlert>
        </div>
      )}

      {devices.data && devices.data.items.length === 0 && (
        <div className="devices__state devices__state--empty">
          <p className="devices__empty-title">No vehicles in this workspace yet</p>
          <p className="muted">Vehicles appear here as soon as an administrator adds them to this tenant.</p>
        </div>
      )}

      {devices.data && devices.data.items.length > 0 && (
        <>
          <p className="devices__count" aria-live="polite">
            {filtering
              ? `Showing ${visible.length} of ${devices.data.items.length}${filter.status ? ` · ${statusLabels[filter.status]} only` : ''}`
              : `${devices.data.items.length} vehicles`}
            {devices.data.total > devices.data.items.length && ` · first ${devices.data.items.length} of ${devices.data.total} loaded`}
            {filtering && (
              <button type="button" className="button button--link" onClick={clearFilter}>
                Clear filter
              </button>
            )}
          </p>
          {visible.length > 0 ? (
            <DeviceTable devices={visible} />
          ) : (
            <div className="devices__state devices__state--empty">
              <p className="devices__empty-title">No vehicles match this filter</p>
              <button type="button" className="button" onClick={clearFilter}>
                Clear filter
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
