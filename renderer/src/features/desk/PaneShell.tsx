import { useEffect, useMemo, useState } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import { defaultTenantSettings, type TenantSettings } from '../../../../contract/api/settings.ts';
import type { Geofence } from '../../../../contract/api/geofences.ts';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import type { PaneName } from '../../../../contract/bridge/domains/desk-domain.ts';
import { TenantUnits } from '../../app/TenantUnits.tsx';
import { AlertsPanel } from '../alerts/AlertsPanel.tsx';
import { AlertsFeed } from '../alerts/AlertsFeed.tsx';
import { AlertInboxStore } from '../alerts/inbox-store.ts';
import { AlertInboxContext } from '../alerts/use-alert-list.ts';
import { DeviceList } from '../devices/DeviceList.tsx';
import { GeofenceLayer } from '../geofences/GeofenceLayer.tsx';
import { useGeofences } from '../geofences/use-geofences.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { FleetStoreContext, useFleet, useLiveFeed } from '../live/use-fleet.ts';
import { LiveMap } from '../map/LiveMap.tsx';
import { closeWhenOrphaned } from './pop-outs.ts';
import { useTheme } from '../settings/use-theme.ts';
import { SyncBar, SyncIndicator } from '../sync/SyncBar.tsx';
import { useConsoleStore } from '../console/console-store.ts';
import { useTenantBranding } from '../console/use-tenant-branding.ts';
import { SelectionChip } from './SelectionChip.tsx';
import { useSharedSelection } from './use-shared-selection.ts';
import '../../app/shell.css';
import '../console/console.css';
import './desk.css';

/** One empty list, not a new one per render: the geofence layer re-sends its sources to the map when its list changes. */
const noGeofences: readonly Geofence[] = [];

export const paneTitles: Record<PaneName, string> = { map: 'Map', alerts: 'Alerts', vehicles: 'Vehicles' };

interface Props {
  pane: PaneName;
  active: Workspace;
}

/**
 * A pop-out window (a second monitor): one pane of the active workspace with the header every
 * window has (tenant, Live / Syncing / Offline · last synced). Its fleet, alerts and sync state
 * come from the same engine as the main window's; the selection is shared through the engine.
 */
export function PaneShell({ pane, active }: Props) {
  useTheme();
  useEffect(() => closeWhenOrphaned(window), []);
  useEffect(() => {
    document.title = `${paneTitles[pane]} — ${active.tenantName} — Fleet Console`;
  }, [pane, active.tenantName]);
  return (
    <TenantUnits workspaceId={active.workspaceId}>
      {/* Keyed by workspace: a switch in the main window starts this pane afresh too. */}
      <PaneContent key={active.workspaceId} pane={pane} workspaceId={active.workspaceId} tenantName={active.tenantName} role={active.role} groupScoped={active.groupScoped === true} />
    </TenantUnits>
  );
}

function PaneContent({ pane, workspaceId, tenantName, role, groupScoped }: { pane: PaneName; workspaceId: string; tenantName: string; role: Role; groupScoped: boolean }) {
  const [store] = useState(() => new FleetStore());
  const [inbox] = useState(() => new AlertInboxStore());
  const fleet = useFleet(workspaceId);
  useLiveFeed(workspaceId, store);
  useSharedSelection(workspaceId, { flyToSelections: pane === 'map' });
  const cached = fleet.data?.settings;
  const settings: TenantSettings = useMemo(() => cached ?? { ...defaultTenantSettings, displayName: tenantName }, [cached, tenantName]);
  useTenantBranding(settings.accentColor);
  const geofences = useGeofences(workspaceId, pane === 'map' && settings.features.geofences);
  const reset = useConsoleStore((s) => s.reset);
  useEffect(() => reset, [reset]);

  return (
    <FleetStoreContext value={store}>
      <AlertInboxContext value={inbox}>
      <div className="shell pane-shell" data-pane={pane}>
        <header className="topbar">
          <div className="brand-mark brand-mark--small" aria-hidden="true" />
          <div className="topbar__workspace">
            <span className="topbar__tenant" data-testid="active-workspace">
              {tenantName}
            </span>
            <span className="pane-shell__title">{paneTitles[pane]}</span>
          </div>
          <div className="topbar__spacer" />
          <SyncIndicator workspaceId={workspaceId} fromSnapshot={fleet.data?.sync ?? null} />
        </header>
        <SyncBar workspaceId={workspaceId} fromSnapshot={fleet.data?.sync ?? null} />
        <AlertsFeed workspaceId={workspaceId} store={store} inbox={inbox} />
        <main className={`pane-shell__body pane-shell__body--${pane}`} aria-label={paneTitles[pane]}>
          {pane === 'map' && (
            <LiveMap
              workspaceId={workspaceId}
              store={store}
              mapSource={settings.mapSource}
              distanceUnit={settings.distanceUnit}
              accentColor={settings.accentColor}
              layers={settings.features.geofences && <GeofenceLayer geofences={geofences.data?.items ?? noGeofences} color={settings.accentColor} />}
              overlay={<SelectionChip devices={fleet.data?.devices} />}
            />
          )}
          {pane === 'vehicles' && <DeviceList workspaceId={workspaceId} fleet={fleet} groupScoped={groupScoped} tenantName={tenantName} />}
          {pane === 'alerts' && <AlertsPanel workspaceId={workspaceId} role={role} />}
        </main>
      </div>
      </AlertInboxContext>
    </FleetStoreContext>
  );
}
