import { useEffect, type KeyboardEvent } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import type { TenantSettings } from '../../../../contract/api/settings.ts';
import { lazyFeature, prefetchWhenIdle } from '../../app/lazy-feature.tsx';
import { useOpenAlertCount } from '../alerts/use-alert-list.ts';
import { DeviceDetail } from '../detail/DeviceDetail.tsx';
import { PopOutButton } from '../desk/PopOutButton.tsx';
import { useConsoleStore, type PanelName } from './console-store.ts';
import { panelLabels, visiblePanels } from './side-panels.ts';

/**
 * The first screen shows the vehicle panel; the other tabs are their features' entry points and
 * load as chunks of their own (docs/decisions/0085-renderer-code-splitting.md): once the map has drawn (idle), or as soon
 * as the pointer is on their tab, so a click rarely waits.
 */
const lazyPanels = {
  alerts: lazyFeature('alerts', () => import('../alerts/AlertsPanel.tsx').then((m) => m.AlertsPanel)),
  trips: lazyFeature('trips', () => import('../trips/TripsPanel.tsx').then((m) => m.TripsPanel)),
  geofences: lazyFeature('geofences', () => import('../geofences/GeofencesPanel.tsx').then((m) => m.GeofencesPanel)),
};
const AlertsPanel = lazyPanels.alerts.Lazy;
const TripsPanel = lazyPanels.trips.Lazy;
const GeofencesPanel = lazyPanels.geofences.Lazy;
const prefetchPanel = (name: PanelName) => (name === 'vehicle' ? undefined : lazyPanels[name].prefetch());

interface Props {
  workspaceId: string;
  role: Role;
  settings: TenantSettings;
  /** Folds the panel into its rail (or closes it when it is open over the map). */
  onFold(): void;
  /** Open over the map because the window is narrow: the fold button reads "Close". */
  overlay: boolean;
  /** Opens the alert inbox in a window of its own. */
  onPopOutAlerts(): void;
}

/** The right-hand panel: one tab per task, arrow keys move between tabs (WAI-ARIA tabs). */
export function SidePanel({ workspaceId, role, settings, onFold, overlay, onPopOutAlerts }: Props) {
  // The tab's badge: re-renders this panel only when the number of open alerts changes.
  const unread = useOpenAlertCount();
  const panel = useConsoleStore((s) => s.panel);
  const setPanel = useConsoleStore((s) => s.setPanel);
  useEffect(() => prefetchWhenIdle(lazyPanels.alerts, lazyPanels.trips, lazyPanels.geofences), []);
  const visible = visiblePanels(settings.features);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = visible.indexOf(panel);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = visible[(next + visible.length) % visible.length];
    if (target) {
      setPanel(target);
      document.getElementById(`panel-tab-${target}`)?.focus();
    }
  };

  return (
    <>
      <div className="panel-tabs">
        <div className="panel-tabs__list" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {visible.map((name) => (
          <button
            key={name}
            id={`panel-tab-${name}`}
            type="button"
            role="tab"
            className="panel-tab"
            aria-selected={panel === name}
            aria-controls={`panel-${name}`}
            tabIndex={panel === name ? 0 : -1}
            onClick={() => setPanel(name)}
            onPointerEnter={() => prefetchPanel(name)}
          >
            {panelLabels[name]}
            {name === 'alerts' && unread > 0 && (
              <span className="panel-tab__badge" aria-label={`${unread} open`}>
                {unread}
              </span>
            )}
          </button>
        ))}
        </div>
        {panel === 'alerts' && <PopOutButton pane="alerts" onOpen={onPopOutAlerts} />}
        <button type="button" className="panel-fold" onClick={onFold} aria-label={overlay ? 'Close the details panel' : 'Fold the details panel'} title={overlay ? 'Close (Esc)' : 'Fold into a rail'}>
          {overlay ? '×' : '»'}
        </button>
      </div>
      <div className="panel-body" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`panel-tab-${panel}`}>
        {panel === 'vehicle' && <DeviceDetail workspaceId={workspaceId} role={role} />}
        {panel === 'alerts' && <AlertsPanel workspaceId={workspaceId} role={role} />}
        {panel === 'trips' && <TripsPanel workspaceId={workspaceId} />}
        {panel === 'geofences' && <GeofencesPanel workspaceId={workspaceId} role={role} />}
      </div>
    </>
  );
}
