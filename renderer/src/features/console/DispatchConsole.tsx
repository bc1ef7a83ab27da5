import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PaneName } from '../../../../contract/bridge/domains/desk-domain.ts';
import type { Role } from '../../../../contract/api/auth.ts';
import { defaultTenantSettings, type TenantSettings } from '../../../../contract/api/settings.ts';
import { AlertsFeed } from '../alerts/AlertsFeed.tsx';
import { AlertInboxStore } from '../alerts/inbox-store.ts';
import { AlertInboxContext } from '../alerts/use-alert-list.ts';
import type { Device } from '../../../../contract/api/devices.ts';
import type { Geofence } from '../../../../contract/api/geofences.ts';
import { PopOutButton } from '../desk/PopOutButton.tsx';
import { PopOuts } from '../desk/pop-outs.ts';
import { useSharedSelection } from '../desk/use-shared-selection.ts';
import { DeviceList } from '../devices/DeviceList.tsx';
import { MapFollowsList } from '../devices/MapFollowsList.tsx';
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
import { useConsoleStore } from './console-store.ts';
import { PanelRail } from './PanelRail.tsx';
import { gridColumns } from './panel-layout.ts';
import { PanelSplitter } from './PanelSplitter.tsx';
import { SidePanel } from './SidePanel.tsx';
import { visiblePanels } from './side-panels.ts';
import { useConsoleLayout } from './use-console-layout.ts';
import { useConsoleShortcuts } from './use-console-shortcuts.ts';
import { useTenantBranding } from './use-tenant-branding.ts';
import './console.css';

const noDevices: readonly Device[] = [];
/** One empty list, not a new one per render: the geofence layer re-sends its sources to the map when its list changes. */
const noGeofences: readonly Geofence[] = [];

interface Props {
  workspaceId: string;
  /** Whose layout (panel widths and folds) this console remembers. */
  accountId: string;
  /** The person sees only some groups' vehicles: an empty list is explained that way. */
  groupScoped: boolean;
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
export function DispatchConsole({ workspaceId, accountId, groupScoped, tenantName, role }: Props) {
  const [store] = useState(() => new FleetStore());
  const [inbox] = useState(() => new AlertInboxStore());
  const fleet = useFleet(workspaceId);
  useLiveFeed(workspaceId, store);
  useConsoleShortcuts();
  useSharedSelection(workspaceId, { flyToSelections: false });
  const [popOuts] = useState(() => new PopOuts(window));
  useEffect(() => popOuts.guardClose(), [popOuts]);
  const popOut = useCallback((pane: PaneName) => popOuts.open(pane), [popOuts]);
  const cached = fleet.data?.settings;
  const settings: TenantSettings = useMemo(() => cached ?? { ...defaultTenantSettings, displayName: tenantName }, [cached, tenantName]);
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
  const { plan, inboxOverhang, overlay, setBody, overlayWidth, resize, fold, unfold } = useConsoleLayout(accountId, 'main');
  // Read only for the rail's panel opened over the map: a tab switch otherwise re-renders the
  // side panel, not the console (decision 0510).
  const panel = useConsoleStore((s) => (overlay === 'right' ? s.panel : null));
  const setPanel = useConsoleStore((s) => s.setPanel);

  const deviceList = (
    <DeviceList workspaceId={workspaceId} fleet={fleet} groupScoped={groupScoped} tenantName={tenantName} onFold={() => fold('left')} overlay={overlay === 'left'} onPopOut={() => popOut('vehicles')} />
  );
  const sidePanel = (
    <SidePanel workspaceId={workspaceId} role={role} settings={settings} onFold={() => fold('right')} overlay={overlay === 'right'} onPopOutAlerts={() => popOut('alerts')} />
  );

  return (
    <FleetStoreContext value={store}>
      <AlertInboxContext value={inbox}>
        <div className="console">
          <SyncBar workspaceId={workspaceId} fromSnapshot={fleet.data?.sync ?? null} />
          <AlertsFeed workspaceId={workspaceId} store={store} inbox={inbox} />
          <div
            className="console__body"
            ref={setBody}
            style={{ gridTemplateColumns: gridColumns(plan), ['--right-overhang' as string]: `${inboxOverhang}px` }}
            data-left={plan.left.mode}
            data-right={plan.right.mode}
          >
            {plan.left.mode === 'open' ? (
              <aside className="console__left" aria-label="Vehicle list">
                {deviceList}
                <PanelSplitter side="left" width={plan.left.width} label="Resize the vehicle list" onResize={(w) => resize('left', w)} onCollapse={() => fold('left')} />
              </aside>
            ) : (
              <PanelRail side="left" vehicleCount={fleet.data?.devices.length} onOpen={() => unfold('left')} />
            )}
            <main className="console__map" aria-label="Map">
              <LiveMap
                workspaceId={workspaceId}
                store={store}
                mapSource={settings.mapSource}
                distanceUnit={settings.distanceUnit}
                accentColor={settings.accentColor}
                vehiclesSelectable={!drawing}
                inboxCovers={inboxOverhang}
                layers={
                  <>
                    {settings.features.geofences && <GeofenceLayer geofences={geofences.data?.items ?? noGeofences} color={settings.accentColor} />}
                    {replaying && <ReplayLayer color={settings.accentColor} />}
                    <PlaceTargetLayer color={settings.accentColor} enabled={!drawing} />
                  </>
                }
                overlay={
                  <>
                    <SearchBox workspaceId={workspaceId} devices={fleet.data?.devices ?? []} />
                    <MapFollowsList workspaceId={workspaceId} store={store} devices={fleet.data?.devices ?? noDevices} />
                    <NearestVehiclesPanel workspaceId={workspaceId} />
                    {replaying && <ReplayBanner />}
                    <PopOutButton pane="map" onOpen={popOut} className="live-map__pop-out" />
                  </>
                }
              />
            </main>
            {plan.right.mode === 'open' ? (
              <RightPanel width={plan.right.width} inboxOverhang={inboxOverhang} onResize={(w) => resize('right', w)} onCollapse={() => fold('right')}>
                {sidePanel}
              </RightPanel>
            ) : (
              <PanelRail
                side="right"
                panels={visiblePanels(settings.features)}
                activePanel={panel ?? undefined}
                onOpen={(name) => {
                  if (name) setPanel(name);
                  unfold('right');
                }}
              />
            )}
            {overlay && (
              <aside
                className={`console__overlay console__overlay--${overlay} console__${overlay}`}
                aria-label={overlay === 'left' ? 'Vehicle list' : 'Details'}
                style={{ width: overlayWidth(overlay), [overlay]: plan[overlay].width }}
              >
                {overlay === 'left' ? deviceList : sidePanel}
              </aside>
            )}
          </div>
        </div>
      </AlertInboxContext>
    </FleetStoreContext>
  );
}

interface RightPanelProps {
  width: number;
  inboxOverhang: number;
  children: ReactNode;
  onResize(width: number): void;
  onCollapse(): void;
}

/**
 * The open right panel, reaching over the map by `inboxOverhang` while it shows the alert inbox.
 * It alone follows the open tab: `children` (the side panel) is the console's same element, so a
 * tab switch re-renders this and the side panel, not the map, the vehicle list and the sync bar.
 */
function RightPanel({ width, inboxOverhang, children, onResize, onCollapse }: RightPanelProps) {
  const overhang = useConsoleStore((s) => (s.panel === 'alerts' ? inboxOverhang : 0));
  return (
    <aside className="console__right" aria-label="Details" data-overhang={overhang > 0 ? '' : undefined}>
      {children}
      <PanelSplitter side="right" width={width + overhang} label="Resize the details panel" onResize={onResize} onCollapse={onCollapse} />
    </aside>
  );
}
