import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import { countOf } from '../../ui/plural.ts';
import { isFiltering, useDeviceFilter, useUiStore } from '../../ui/ui-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { humanPace } from '../live/paced-signal.ts';
import { filterFleet, searchIndex } from './device-view.ts';
import { liveStatusCodes } from './list-order.ts';

interface Props {
  workspaceId: string;
  store: FleetStore;
  devices: readonly Device[];
}

/**
 * The map follows the list: the list's search, status and group filter decide which vehicles the
 * map draws (fleet-store's map filter), and a chip on the map says how many it hides, with the
 * toggle to show them all. Lives beside the map, not in the list, so a folded list still filters.
 * The status filter uses live status, so it is applied again when a vehicle's status changes
 * (looked at once a second, and only then: vehicles that move without changing status leave the
 * mask alone and render nothing here).
 */
export function MapFollowsList({ workspaceId, store, devices }: Props) {
  const filter = useDeviceFilter(workspaceId);
  const showAll = useUiStore((s) => s.mapShowsAll[workspaceId] ?? false);
  const setShowAll = useUiStore((s) => s.setMapShowsAll);
  const haystacks = useMemo(() => searchIndex(devices), [devices]);
  const filtering = isFiltering(filter);
  const follows = filtering && !showAll;
  // The store keeps the count (a vehicle getting its first position may add to it).
  const hidden = useSyncExternalStore(humanPace(store).subscribe, () => store.hiddenOnMap);

  useEffect(() => {
    const apply = () => {
      const matches = follows ? filterFleet(devices, haystacks, store, filter) : null;
      store.setMapFilter(matches && new Set(matches.map((i) => devices[i]?.id ?? '')));
    };
    apply();
    if (!follows || filter.status === null) return;
    let statuses = liveStatusCodes(devices, store);
    let layout = store.layoutVersion;
    return humanPace(store).subscribe(() => {
      const now = liveStatusCodes(devices, store);
      if (store.layoutVersion === layout && now.every((code, i) => code === statuses[i])) return;
      statuses = now;
      layout = store.layoutVersion;
      apply();
    });
  }, [follows, devices, haystacks, store, filter]);
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
