import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import { defaultTenantSettings, type TenantSettings } from '../../../../contract/api/settings.ts';
import { makeUnits, UnitsContext } from '../../ui/units.ts';
import { useAlerts } from '../alerts/use-alerts.ts';
import { DeviceList } from '../devices/DeviceList.tsx';
import { FleetStore } from '../live/fleet-store.ts';
import { FleetStoreContext, useFleet, useLiveFeed } from '../live/use-fleet.ts';
import { useGeofenceDraft } from '../geofences/geofence-draft-store.ts';
import { GeofenceLayer } from '../geofences/GeofenceLayer.tsx';
import { useGeofences } from '../geofences/use-geofences.ts';
import { LiveMap } from '../map/LiveMap.tsx';
import { ReplayBanner, ReplayLayer } from '../trips/lazy-replay.tsx';
import { NearestVehiclesPanel } from '../places/NearestVehiclesPanel.tsx';
import { usePlaceTarget } from '../places/place-target-store.ts';
import { PlaceTargetLayer } from '../places/PlaceTargetLayer.tsx';
import { SearchBox } from '../search/SearchBox.tsx';
import { useReplayStore } from '../trips/replay-store.ts';
import { SyncBar } from '../sync/SyncBar.tsx';
import { useSyncStatus } from '../sync/use-sync-status.ts';
import { useConsoleStore } from './console-store.ts';
import { SidePanel } from './SidePanel.tsx';
import { useConsoleShortcuts } from './use-console-shortcuts.ts';
import { useTenantBranding } from './use-tenant-branding.ts';
import './console.css';

interface Props {
  workspaceId: string;
  tenantName: string;
  role: Role;
  /** Rendered in the shell's top bar (sync state, alerts badge). */
  renderStatus?(status: ReactNode): void;
}

/**
 * The dispatch layout of one workspace: vehicle list on the left, the live map in the centre,
 * details/alerts/trips/geofences on the right. Mounted per workspace (keyed by the shell), so the
 * hot store and every panel start empty for each tenant.
 */
export function DispatchConsole({ workspaceId, tenantName, role }: Props) {
  const [store] = useState(() => new FleetStore());
  const fleet = useFleet(workspaceId);
  useLiveFeed(workspaceId, store, fleet.data);
  useConsoleShortcuts();
  const sync = useSyncStatus(workspaceId, fleet.data?.sync ?? null);
  const cached = fleet.data?.settings;
  const settings: TenantSettings = useMemo(() => cached ?? { ...defaultTenantSettings, displayName: tenantName }, [cached, tenantName]);
  const units = useMemo(() => makeUnits(settings), [settings]);
  const inbox = useAlerts(workspaceId, store, units);
  useTenantBranding(settings.accentColor);
  const reset = useConsoleStore((s) => s.reset);
  useEffect(
    () => () => {
      reset();
      useReplayStore.getState().clear();
      useGeofenceDraft.setState({ draft: null, highlightedId: null });
      usePlaceTarget.getState().clear();
    },
    [reset],
  );
  const geofences = useGeofences(workspaceId, settings.features.geofences);
  const drawing = useGeofenceDraft((s) => s.draft !== null);
  // The replay's layer and banner are a lazy chunk: mounted only while a trip is replayed.
  const replaying = useReplayStore((s) => s.track !== null);

  return (
    <FleetStoreContext value={store}>
      <UnitsContext value={units}>
        <div className="console">
          <SyncBar status={sync.data} />
          <div className="console__body">
            <aside className="console__left" aria-label="Vehicle list">
              <DeviceList workspaceId={workspaceId} fleet={fleet} />
            </aside>
            <main className="console__map" aria-label="Map">
              <LiveMap
                workspaceId={workspaceId}
                store={store}
                mapSource={settings.mapSource}
                distanceUnit={settings.distanceUnit}
                accentColor={settings.accentColor}
                vehiclesSelectable={!drawing}
                layers={
                  <>
                    {settings.features.geofences && <GeofenceLayer geofences={geofences.data?.items ?? []} color={settings.accentColor} />}
                    {replaying && <ReplayLayer color={settings.accentColor} />}
                    <PlaceTargetLayer color={settings.accentColor} enabled={!drawing} />
                  </>
                }
                overlay={
                  <>
                    <SearchBox workspaceId={workspaceId} devices={fleet.data?.devices ?? []} />
                    <NearestVehiclesPanel workspaceId={workspaceId} />
                    {replaying && <ReplayBanner />}
                  </>
                }
              />
            </main>
            <SidePanel workspaceId={workspaceId} role={role} settings={settings} inbox={inbox} />
          </div>
        </div>
      </UnitsContext>
    </FleetStoreContext>
  );
}
