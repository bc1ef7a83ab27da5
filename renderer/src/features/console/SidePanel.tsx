import type { KeyboardEvent } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import type { TenantSettings } from '../../../../contract/api/settings.ts';
import { AlertsPanel } from '../alerts/AlertsPanel.tsx';
import type { useAlerts } from '../alerts/use-alerts.ts';
import { DeviceDetail } from '../detail/DeviceDetail.tsx';
import { GeofencesPanel } from '../geofences/GeofencesPanel.tsx';
import { TripsPanel } from '../trips/TripsPanel.tsx';
import { panelNames, useConsoleStore, type PanelName } from './console-store.ts';

const labels: Record<PanelName, string> = { vehicle: 'Vehicle', alerts: 'Alerts', trips: 'Trips', geofences: 'Geofences' };

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
