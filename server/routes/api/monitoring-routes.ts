import type { FastifyInstance } from 'fastify';
import { geodata } from '../../geocoding/geodata.ts';
import { ProviderGeocoder } from '../../geocoding/provider-geocoder.ts';
import { alertRuleRoutes } from './alert-rules/index.ts';
import { alertRoutes } from './alerts/index.ts';
import { geofenceRoutes } from './geofences/index.ts';
import { mapRoutes } from './map/index.ts';
import { driverAssignmentRoutes, driverRoutes } from './drivers/index.ts';
import { deviceHealthRoutes } from './health/index.ts';
import { insightsRoutes } from './insights/index.ts';
import { reportScheduleRoutes } from './report-schedules/index.ts';
import { reportRoutes } from './reports/index.ts';
import { placeRoutes } from './places/index.ts';
import { positionRoutes } from './positions/index.ts';
import { providerSettingsRoutes } from './provider/index.ts';
import { mailBacklogRoutes } from './provider/mail-backlog.ts';
import { tripRoutes } from './trips/index.ts';
import { deliveryRoutes, webhookRoutes } from './webhooks/index.ts';

/** Monitoring REST routes (issue 4), places and offline region packs ("Where is it?"); registered inside app.ts's authenticated scope. */
export async function monitoringRoutes(api: FastifyInstance, options: { mapArchivePath: string }): Promise<void> {
  await api.register(positionRoutes, { prefix: '/api/positions' });
  await api.register(tripRoutes, { prefix: '/api/trips' });
  await api.register(alertRoutes, { prefix: '/api/alerts' });
  // Alert rules, webhooks and their delivery log (issue 11).
  await api.register(alertRuleRoutes, { prefix: '/api/alert-rules' });
  await api.register(webhookRoutes, { prefix: '/api/webhooks' });
  await api.register(deliveryRoutes, { prefix: '/api/notifications' });
  await api.register(geofenceRoutes, { prefix: '/api/geofences' });
  await api.register(deviceHealthRoutes, { prefix: '/api/health' });
  // Drivers and who drove when (issue 13).
  await api.register(driverRoutes, { prefix: '/api/drivers' });
  await api.register(driverAssignmentRoutes, { prefix: '/api/driver-assignments' });
  await api.register(insightsRoutes, { prefix: '/api/insights' });
  await api.register(reportScheduleRoutes, { prefix: '/api/report-schedules' });
  await api.register(reportRoutes, { prefix: '/api/reports' });
  // One provider geocoder per app: its rate limit and settings cache are the instance's.
  const data = geodata();
  const geocoder = new ProviderGeocoder({ db: api.db, builtin: data.geocoder, search: () => data.search, log: (message) => api.log.warn(message) });
  await api.register(placeRoutes, { prefix: '/api/places', geocoder });
  await api.register(providerSettingsRoutes, { prefix: '/api/provider/settings', geocoder });
  await api.register(mailBacklogRoutes, { prefix: '/api/provider/mail-backlog' });
  await api.register(mapRoutes, { prefix: '/api/map', archivePath: options.mapArchivePath });
}
