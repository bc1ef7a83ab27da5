import type { FastifyInstance } from 'fastify';
import { alertRoutes } from './alerts/index.ts';
import { geofenceRoutes } from './geofences/index.ts';
import { deviceHealthRoutes } from './health/index.ts';
import { positionRoutes } from './positions/index.ts';
import { tripRoutes } from './trips/index.ts';

/** Monitoring REST routes (issue 4); registered inside app.ts's authenticated scope. */
export async function monitoringRoutes(api: FastifyInstance): Promise<void> {
  await api.register(positionRoutes, { prefix: '/api/positions' });
  await api.register(tripRoutes, { prefix: '/api/trips' });
  await api.register(alertRoutes, { prefix: '/api/alerts' });
  await api.register(geofenceRoutes, { prefix: '/api/geofences' });
  await api.register(deviceHealthRoutes, { prefix: '/api/health' });
}
