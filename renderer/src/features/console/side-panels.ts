import type { TenantSettings } from '../../../../contract/api/settings.ts';
import { panelNames, type PanelName } from './console-store.ts';

export const panelLabels: Record<PanelName, string> = { vehicle: 'Vehicle', alerts: 'Alerts', trips: 'Trips', geofences: 'Geofences' };

/** The right-hand panel's tabs this tenant has: features switched off have no tab (nor rail button). */
export function visiblePanels(features: TenantSettings['features']): PanelName[] {
  return panelNames.filter((name) => (name === 'alerts' ? features.alerts : name === 'trips' ? features.trips : name === 'geofences' ? features.geofences : true));
}
