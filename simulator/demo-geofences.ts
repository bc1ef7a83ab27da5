import type { CreateGeofenceRequest, GeofenceListResponse } from '../contract/api/geofences.ts';
import { demoAccounts, demoPassword, demoTenants, type DemoTenant } from '../demo/demo-accounts.ts';
import { FleetApi } from './fleet-api.ts';
import { depots, type Place } from './places.ts';

const circle = (name: string, place: Place, radiusM: number, description: string): CreateGeofenceRequest => ({
  name, description, shape: { type: 'circle', center: { latitude: place.at[1], longitude: place.at[0] }, radiusM }, alertOnEnter: true, alertOnExit: true,
});

/**
 * Zones the demo fleet crosses every day: the freight depots (trucks leave and return), the
 * taxi rank at the Central Station, and the old town inside the moat (Inom Vallgraven), which
 * the utilities' sweepers and many taxi fares pass through.
 */
export const demoGeofences: { tenant: DemoTenant; username: string; fences: CreateGeofenceRequest[] }[] = [
  {
    tenant: demoTenants.gothenburgFreight,
    username: demoAccounts.maria.username,
    fences: [
      circle('North depot', depots.north, 350, 'Gothenburg Freight yard at Backaplan (simulator demo zone)'),
      circle('South depot', depots.south, 350, 'Gothenburg Freight yard in Högsbo (simulator demo zone)'),
    ],
  },
  {
    tenant: demoTenants.harbourTaxi,
    username: demoAccounts.maria.username,
    fences: [circle('Central Station rank', depots.taxiRank, 300, 'Taxi rank at Centralstationen (simulator demo zone)')],
  },
  {
    tenant: demoTenants.cityUtilities,
    username: demoAccounts.sofia.username,
    fences: [{
      name: 'Inom Vallgraven',
      description: 'The old town inside the moat (simulator demo zone)',
      shape: {
        type: 'polygon',
        points: [
          { latitude: 57.7076, longitude: 11.9590 }, { latitude: 57.7082, longitude: 11.9700 }, { latitude: 57.7055, longitude: 11.9760 },
          { latitude: 57.7015, longitude: 11.9735 }, { latitude: 57.7002, longitude: 11.9640 }, { latitude: 57.7030, longitude: 11.9590 },
        ],
      },
      alertOnEnter: true,
      alertOnExit: true,
    }],
  },
];

/**
 * Creates the demo geofences through the API, signed in as the demo tenants' admins, where a
 * tenant has no geofence of that name yet (idempotent). Answers one line per tenant.
 */
export async function ensureDemoGeofences(server: string, password = demoPassword): Promise<string[]> {
  const lines: string[] = [];
  for (const { tenant, username, fences } of demoGeofences) {
    const api = await FleetApi.signIn(server, username, password, (ms) => ms.find((m) => m.tenantId === tenant.id)?.tenantId);
    const existing = await api.get<GeofenceListResponse>('/api/geofences');
    const names = new Set(existing.items.map((g) => g.name));
    const missing = fences.filter((f) => !names.has(f.name));
    for (const fence of missing) await api.post('/api/geofences', fence);
    lines.push(`${tenant.name}: ${missing.length ? `created ${missing.map((f) => f.name).join(', ')}` : 'geofences already there'}`);
  }
  return lines;
}
