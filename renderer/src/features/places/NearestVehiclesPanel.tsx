import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { StatusPill } from '../devices/StatusPill.tsx';
import { useFleetStore } from '../live/use-fleet.ts';
import { pointKey } from './address-batcher.ts';
import { formatCoordinates } from '../../../../contract/address-words.ts';
import { AddressText } from './AddressText.tsx';
import { formatDriveTime, orderNearest } from './nearest-order.ts';
import { usePlaceTarget } from './place-target-store.ts';
import { useAddress } from './use-addresses.ts';
import './places.css';

const listed = 10;

/**
 * "Nearest vehicles" to the searched place or the right-clicked point: straight-line distance and,
 * where the road network covers both ends, drive time and distance by road; sorted by drive time
 * where known. One click selects the vehicle and follows it. Offline it still answers from the
 * positions on this computer, in straight lines, and says so.
 */
export function NearestVehiclesPanel({ workspaceId }: { workspaceId: string }) {
  const target = usePlaceTarget((s) => s.target);
  const clear = usePlaceTarget((s) => s.clear);
  const bridge = useBridge();
  const units = useUnits();
  const store = useFleetStore();
  const select = useConsoleStore((s) => s.select);
  const setFollowing = useConsoleStore((s) => s.setFollowing);
  const address = useAddress(workspaceId, target ? { latitude: target.latitude, longitude: target.longitude } : null);
  const nearest = useQuery({
    queryKey: queryKeys.nearestVehicles(workspaceId, target ? pointKey(target) : ''),
    enabled: target !== null,
    queryFn: () => bridge.places.nearestVehicles({ workspaceId, latitude: target?.latitude ?? 0, longitude: target?.longitude ?? 0, limit: listed }),
    // Vehicles move: a place asked about again a little later is asked again.
    staleTime: 10_000,
    retry: false,
  });
  if (!target) return null;

  // Only vehicles this console knows (the fleet cloud already limits them to the user's groups).
  const rows = orderNearest(nearest.data?.vehicles ?? []).filter((v) => store.indexOf(v.deviceId) >= 0);
  return (
    <section className="nearest" aria-labelledby="nearest-title" data-testid="nearest-panel">
      <header className="nearest__header">
        <div className="nearest__place">
          <h2 id="nearest-title">Nearest vehicles</h2>
          <p className="nearest__where">{target.label ?? <AddressText lookup={address} />}</p>
          <p className="nearest__coords mono muted">{formatCoordinates(target)}</p>
        </div>
        <button type="button" className="nearest__close" aria-label="Close nearest vehicles" onClick={clear}>
          ×
        </button>
      </header>
      {nearest.data?.offline && (
        <p className="nearest__offline" role="status">
          Offline: straight-line distances from the last known positions. Drive times need the connection.
        </p>
      )}
      {nearest.isPending && (
        <p className="muted nearest__state" role="status">
          <Spinner /> Finding the nearest vehicles…
        </p>
      )}
      {nearest.isError && (
        <InlineAlert
          tone="error"
          action={
            <button type="button" className="button button--small" onClick={() => void nearest.refetch()}>
              Retry
            </button>
          }
        >
          Could not find the nearest vehicles: {nearest.error.message}
        </InlineAlert>
      )}
      {nearest.data && rows.length === 0 && <p className="muted nearest__state">No vehicle you can see has a known position.</p>}
      {rows.length > 0 && (
        <ol className="nearest__list">
          {rows.map((vehicle) => {
            const i = store.indexOf(vehicle.deviceId);
            return (
              <li key={vehicle.deviceId}>
                <button
                  type="button"
                  className="nearest__row"
                  data-device-id={vehicle.deviceId}
                  onClick={() => {
                    select(vehicle.deviceId, { focus: true });
                    setFollowing(true);
                  }}
                >
                  <span className="nearest__name">{store.names[i] ?? 'Vehicle'}</span>
                  <StatusPill status={store.statusOf(i)} />
                  <span className="nearest__figures">
                    {vehicle.driveTimeS !== null ? (
                      <>
                        <strong>{formatDriveTime(vehicle.driveTimeS)}</strong> by road
                        {vehicle.driveDistanceM !== null && ` (${units.distance(vehicle.driveDistanceM / 1000)})`} · {units.distance(vehicle.distanceM / 1000)} straight
                      </>
                    ) : (
                      <>
                        <strong>{units.distance(vehicle.distanceM / 1000)}</strong> straight line
                        {!nearest.data?.offline && <span className="muted"> · no road route known</span>}
                      </>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
