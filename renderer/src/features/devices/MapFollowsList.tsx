import { useEffect, useMemo, useState } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import { countOf } from '../../ui/plural.ts';
import { isFiltering, useDeviceFilter, useUiStore } from '../../ui/ui-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { useFleetVersion } from '../live/use-fleet.ts';
import { filterFleet, searchIndex } from './device-view.ts';

interface Props {
  workspaceId: string;
  store: FleetStore;
  devices: readonly Device[];
}

/**
 * The map follows the list: the list's search, status and group filter decide which vehicles the
 * map draws (fleet-store's map filter), and a chip on the map says how many it hides, with the
 * toggle to show them all. Lives beside the map, not in the list, so a folded list still filters.
 * The status filter uses live status, so it is re-applied as vehicles change state (once a second).
 */
export function MapFollowsList({ workspaceId, store, devices }: Props) {
  const filter = useDeviceFilter(workspaceId);
  const showAll = useUiStore((s) => s.mapShowsAll[workspaceId] ?? false);
  const setShowAll = useUiStore((s) => s.setMapShowsAll);
  const version = useFleetVersion(store, 1000);
  const haystacks = useMemo(() => searchIndex(devices), [devices]);
  const filtering = isFiltering(filter);
  const follows = filtering && !showAll;
  const [hidden, setHidden] = useState(0);

  // Live updates matter only while the map follows a filter (live status, the hidden count of
  // vehicles that just got a position); without one, the mask of "all" stays as it is.
  useEffect(() => {
    const matches = follows ? filterFleet(devices, haystacks, store, filter) : null;
    store.setMapFilter(matches && new Set(matches.map((i) => devices[i]?.id ?? '')));
    // The count comes from the store's mask, which only exists once this effect has set it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHidden(store.hiddenOnMap);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [follows, devices, haystacks, store, filter, follows ? version : -1]);
  // Leaving the workspace leaves no filter behind on a store that might be reused.
  useEffect(() => () => void store.setMapFilter(null), [store]);

  if (!filtering) return null;
  return (
    <div className="map-filter-chip" role="status" data-testid="map-filter">
      {follows ? (
        <span>
          {hidden > 0 ? `${countOf(hidden, 'vehicle', 'vehicles')} hidden by the list filter` : 'Every vehicle on the map matches the list filter'}
        </span>
      ) : (
        <span>Showing every vehicle — the list filter is not applied to the map</span>
      )}
      <button type="button" className="button button--small" aria-pressed={showAll} onClick={() => setShowAll(workspaceId, !showAll)}>
        {follows ? 'Show all on map' : 'Filter the map too'}
      </button>
    </div>
  );
}
