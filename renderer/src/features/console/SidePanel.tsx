import { useEffect, type KeyboardEvent } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import type { TenantSettings } from '../../../../contract/api/settings.ts';
import { lazyFeature, prefetchWhenIdle } from '../../app/lazy-feature.tsx';
import type { useAlerts } from '../alerts/use-alerts.ts';
import { DeviceDetail } from '../detail/DeviceDetail.tsx';
import { panelNames, useConsoleStore, type PanelName } from './console-store.ts';

const labels: Record<PanelName, string> = { vehicle: 'Vehicle', alerts: 'Alerts', trips: 'Trips', geofences: 'Geofences' };

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
  inbox: ReturnType<typeof useAlerts>;
}

/** The right-hand panel: one tab per task, arrow keys move between tabs (WAI-ARIA tabs). */
export function SidePanel({ workspaceId, role, settings, inbox }: Props) {
  const unread = inbox.alerts.data?.items.filter((a) => a.status === 'open').length ?? 0;
  const panel = useConsoleStore((s) => s.panel);
  const setPanel = useConsoleStore((s) => s.setPanel);
  useEffect(() => prefetchWhenIdle(lazyPanels.alerts, lazyPanels.trips, lazyPanels.geofences), []);
  const visible = panelNames.filter((name) => (name === 'alerts' ? settings.features.alerts : name === 'trips' ? settings.features.trips : name === 'geofences' ? settings.features.geofences : true));

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
    <aside className="console__right" aria-label="Details">
      <div className="panel-tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
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
            {labels[name]}
            {name === 'alerts' && unread > 0 && (
              <span className="panel-tab__badge" aria-label={`${unread} open`}>
                {unread}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`panel-tab-${panel}`}>
        {panel === 'vehicle' && <DeviceDetail workspaceId={workspaceId} role={role} />}
        {panel === 'alerts' && <AlertsPanel workspaceId={workspaceId} role={role} inbox={inbox} />}
        {panel === 'trips' && <TripsPanel workspaceId={workspaceId} />}
        {panel === 'geofences' && <GeofencesPanel workspaceId={workspaceId} role={role} inbox={inbox} />}
      </div>
    </aside>
  );
}
