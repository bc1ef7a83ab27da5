import { useQuery } from '@tanstack/react-query';
import { memo, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import type { Role } from '../../../../contract/api/auth.ts';
import { lazyFeature, prefetchWhenIdle } from '../../app/lazy-feature.tsx';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { StatusPill } from '../devices/StatusPill.tsx';
import { LiveClock } from '../live/live-clock.ts';
import { useFleet, useFleetStore } from '../live/use-fleet.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useAddress } from '../places/use-addresses.ts';
import { DeviceDetailSelector, type DeviceDetailView } from './device-detail-view.ts';
import { HealthCard } from './HealthCard.tsx';
import './detail.css';
import { errorText } from '../../ui/error-text.ts';

const chartHours = 2;
/** "Last seen" is re-worded at this pace ("just now" → "1 min ago"). */
const seenTickMs = 10_000;
/** The charts (uPlot) are a chunk of their own, fetched once the first screen is drawn (decision 0085). */
const historyCharts = lazyFeature('charts', () => import('./HistoryCharts.tsx').then((m) => m.HistoryCharts));
const HistoryCharts = historyCharts.Lazy;

/**
 * The selected vehicle: live telemetry, health and DTCs, speed over the last hours, actions.
 * The card itself renders when the selection or the vehicle's record changes; the live parts
 * (status, address, facts) read their vehicle through one DeviceDetailSelector each time the
 * store moves at a human pace, and render only when their own text changed.
 */
export function DeviceDetail({ workspaceId }: { workspaceId: string; role: Role }) {
  const selectedId = useConsoleStore((s) => s.selectedDeviceId);
  useEffect(() => prefetchWhenIdle(historyCharts), []);
  const devices = useFleet(workspaceId).data?.devices;
  const device = useMemo(() => devices?.find((d) => d.id === selectedId) ?? null, [devices, selectedId]);

  if (!device) {
    return (
      <div className="panel-empty">
        <p className="panel-empty__title">No vehicle selected</p>
        <p className="muted">Pick a vehicle in the list or on the map to see its live state, health and recent activity.</p>
        <p className="muted">
          <kbd className="kbd">/</kbd> search · <kbd className="kbd">↑</kbd>
          <kbd className="kbd">↓</kbd> move through the list · <kbd className="kbd">Enter</kbd> show on map · <kbd className="kbd">F</kbd> follow
        </p>
      </div>
    );
  }
  return <VehicleCard workspaceId={workspaceId} device={device} />;
}

function VehicleCard({ workspaceId, device }: { workspaceId: string; device: Device }) {
  const following = useConsoleStore((s) => s.following);
  const setFollowing = useConsoleStore((s) => s.setFollowing);
  const select = useConsoleStore((s) => s.select);
  const setPanel = useConsoleStore((s) => s.setPanel);
  const store = useFleetStore();
  const units = useUnits();
  const bridge = useBridge();
  const [clock] = useState(() => new LiveClock(seenTickMs));
  const selector = useMemo(() => new DeviceDetailSelector(store, clock, device, units), [store, clock, device, units]);
  // A boolean: the card re-renders when its vehicle gets or loses a position, not when it moves.
  const located = useSyncExternalStore(selector.subscribe, () => selector.read().located);
  const [from] = useState(() => new Date(Date.now() - chartHours * 3600_000).toISOString());
  const history = useQuery({
    queryKey: queryKeys.history(workspaceId, device.id, from),
    retry: false,
    queryFn: () => bridge.positions.history({ workspaceId, deviceId: device.id, from: from, to: new Date(Date.now() + 60_000).toISOString() }),
  });

  return (
    <div className="detail" data-testid="device-detail">
      <header className="detail__header">
        <div>
          <h2 className="detail__name">{device.name}</h2>
          <p className="detail__meta mono">
            {device.plate ?? 'No plate'} · {device.uniqueId}
          </p>
          <p className="detail__meta">
            {device.vehicleType} · {device.groupName ?? 'No group'}
          </p>
          <LiveAddress workspaceId={workspaceId} selector={selector} />
        </div>
        <LiveStatus selector={selector} />
      </header>

      <div className="detail__actions">
        <button type="button" className="button button--primary" onClick={() => select(device.id, { focus: true })} disabled={!located}>
          Show on map
        </button>
        <button type="button" className="button" aria-pressed={following} onClick={() => setFollowing(!following)} disabled={!located} aria-keyshortcuts="F">
          {following ? 'Following' : 'Follow'}
        </button>
        <button type="button" className="button" onClick={() => setPanel('trips')}>
          Trips
        </button>
      </div>

      <LiveFacts selector={selector} />
      <OfflineAddressNote workspaceId={workspaceId} selector={selector} />

      {history.isPending ? (
        <p className="muted" role="status">
          <Spinner /> Loading the last {chartHours} hours…
        </p>
      ) : history.isError ? (
        <InlineAlert tone="info">Speed and battery history are not available: {errorText(history.error)}</InlineAlert>
      ) : (
        <HistoryCharts history={history.data} hours={chartHours} />
      )}

      <HealthCard workspaceId={workspaceId} deviceId={device.id} />
    </div>
  );
}

function useDetailView(selector: DeviceDetailSelector): DeviceDetailView {
  return useSyncExternalStore(selector.subscribe, selector.read);
}

const LiveStatus = memo(function LiveStatus({ selector }: { selector: DeviceDetailSelector }) {
  return <StatusPill status={useDetailView(selector).status} />;
});

const LiveAddress = memo(function LiveAddress({ workspaceId, selector }: { workspaceId: string; selector: DeviceDetailSelector }) {
  const address = useAddress(workspaceId, useDetailView(selector).at);
  return (
    <p className="detail__where" data-testid="vehicle-address">
      <AddressText lookup={address} />
    </p>
  );
});

/** Below the facts: the address above came from this computer's cache (the same cached answer). */
const OfflineAddressNote = memo(function OfflineAddressNote({ workspaceId, selector }: { workspaceId: string; selector: DeviceDetailSelector }) {
  const address = useAddress(workspaceId, useDetailView(selector).at);
  return address?.answer?.offline ? <p className="detail__note muted">Offline: the address comes from what this computer looked up before.</p> : null;
});

const LiveFacts = memo(function LiveFacts({ selector }: { selector: DeviceDetailSelector }) {
  const view = useDetailView(selector);
  return (
    <dl className="detail__facts">
      <div>
        <dt>Speed</dt>
        <dd className="detail__big">{view.speed ?? '—'}</dd>
      </div>
      <div>
        <dt>Heading</dt>
        <dd>{view.heading ?? '—'}</dd>
      </div>
      <div>
        <dt>Last seen</dt>
        <dd title={view.seenAt ?? undefined}>{view.seen}</dd>
      </div>
      <div>
        <dt>Position</dt>
        <dd className="mono">{view.position ?? 'No fix yet'}</dd>
      </div>
    </dl>
  );
});
