import { useUnits } from '../../ui/units.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useAddress, useAnchoredPoints } from '../places/use-addresses.ts';
import { useReplayStore } from './replay-store.ts';
import { positionAt } from './track-math.ts';
import './trips.css';

/**
 * A chip over the map while a trip is replayed, so nobody mistakes the replayed arrow for a live
 * vehicle: whose trip, what time it shows, and a way out.
 */
export function ReplayBanner() {
  const units = useUnits();
  const active = useReplayStore((s) => s.track !== null);
  const name = useReplayStore((s) => s.vehicleName);
  const at = useReplayStore((s) => s.startMs + s.time);
  const playing = useReplayStore((s) => s.playing);
  const clear = useReplayStore((s) => s.clear);
  const track = useReplayStore((s) => s.track);
  const time = useReplayStore((s) => s.time);
  const head = track ? positionAt(track, time) : null;
  const [point = null] = useAnchoredPoints(['replay'], [head ? { latitude: head.lat, longitude: head.lon } : null]);
  const address = useAddress(track?.workspaceId ?? '', point);
  if (!active) return null;
  return (
    <div className="replay-banner" role="status" data-testid="replay-banner">
      <span className="replay-banner__dot" aria-hidden="true" />
      <span>
        Replay of <strong>{name}</strong> · {units.date(at)} <span className="mono">{units.time(at)}</span>
        {playing ? '' : ' · paused'}
        {address && (
          <>
            {' · '}
            <AddressText lookup={address} />
          </>
        )}
      </span>
      <button type="button" className="button button--small" onClick={clear}>
        Back to live
      </button>
    </div>
  );
}
