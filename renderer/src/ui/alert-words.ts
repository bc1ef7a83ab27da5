import type { AlertSeverity, AlertType } from '../../../contract/api/alerts.ts';

/** Alert types as a dispatcher names them (inbox filters, admin rules). */
export const alertTypeWords: Record<AlertType, string> = {
  overspeed: 'Overspeed',
  geofence_enter: 'Geofence entered',
  geofence_exit: 'Geofence left',
  low_battery: 'Low battery',
  dtc: 'Engine fault code (DTC)',
  device_offline: 'Tracker offline',
  harsh_braking: 'Harsh braking',
  harsh_acceleration: 'Harsh acceleration',
  ignition_outside_hours: 'Ignition outside allowed hours',
};

export const severityWords: Record<AlertSeverity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };
