import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import { lazyFeature, prefetchWhenIdle } from '../../app/lazy-feature.tsx';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { StatusPill } from '../devices/StatusPill.tsx';
import { fromMercator } from '../live/mercator.ts';
import { useFleet, useFleetStore, useFleetVersion } from '../live/use-fleet.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useVehicleAddresses } from '../places/use-addresses.ts';
import { HealthCard } from './HealthCard.tsx';
import './detail.css';
import { errorText } from '../../ui/error-text.ts';

const chartHours = 2;
/** The charts (uPlot) are a chunk of their own, fetched once the first screen is drawn (decision 0085). */
const historyCharts = lazyFeature('charts', () => import('./HistoryCharts.tsx').then((m) => m.HistoryCharts));
const HistoryCharts = historyCharts.Lazy;

/** The selected vehicle: live telemetry, health and DTCs, speed over the last hours, actions. */
export function DeviceDetail({ workspaceId }: { workspaceId: string; role: Role }) {
  const selectedId = useConsoleStore((s) => s.selectedDeviceId);
  const following = useConsoleStore((s) => s.following);
  const setFollowing = useConsoleStore((s) => s.setFollowing);
  const select = useConsoleStore((s) => s.select);
  const setPanel = useConsoleStore((s) => s.setPanel);
  const store = useFleetStore();
  useFleetVersion(store, 1000);
  useEffect(() => prefetchWhenIdle(historyCharts), []);
  const now = useNow(10_000);
  const units = useUnits();
  const bridge = useBridge();
  const fleet = useFleet(workspaceId);
  const device = fleet.data?.devices.find((d) => d.id === selectedId) ?? null;
  const [address] = useVehicleAddresses(workspaceId, store, device ? [device.id] : []);
  const [from] = useState(() => new Date(Date.now() - chartHours * 3600_000).toISOString());
  const history = useQuery({
    queryKey: queryKeys.history(workspaceId, selectedId ?? '', from),
    enabled: selectedId !== null,
    retry: false,
    queryFn: () => bridge.positions.history({ workspaceId, deviceId: selectedId ?? '', from: from, to: new Date(Date.now() + 60_000).toISOString() }),
  });

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

  const i = store.indexOf(device.id);
  const located = i >= 0 && store.located[i] === 1;
  const fix = i >= 0 ? (store.fixTime[i] ?? 0) : 0;
  const [lon, lat] = located ? fromMercator(store.x[i] ?? 0, store.y[i] ?? 0) : [0, 0];

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
          <p className="detail__where" data-testid="vehicle-address">
            <AddressText lookup={address ?? null} />
          </p>
        </div>
        <StatusPill status={i >= 0 ? store.statusOf(i) : device.status} />
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

      <dl className="detail__facts">
        <div>
          <dt>Speed</dt>
          <dd className="detail__big">{located ? units.speed(store.speed[i] ?? 0) : '—'}</dd>
        </div>
        <div>
          <dt>Heading</dt>
          <dd>{located ? `${Math.round(store.course[i] ?? 0)}°` : '—'}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd title={fix ? units.dateTime(fix) : undefined}>{fix ? formatRelativeTime(new Date(fix).toISOString(), now, units.date) : 'Never'}</dd>
        </div>
        <div>
          <dt>Position</dt>
          <dd className="mono">{located ? `${lat.toFixed(5)}, ${lon.toFixed(5)}` : 'No fix yet'}</dd>
        </div>
      </dl>
      {address?.answer?.offline && <p className="detail__note muted">Offline: the address comes from what this computer looked up before.</p>}

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
