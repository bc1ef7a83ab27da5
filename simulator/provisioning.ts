import type { AssignDeviceRequest, RegisteredDevice, RegistryDevice, RegistryList } from '../contract/api/device-registry.ts';
import type { TenantList } from '../contract/api/tenants.ts';
import type { FleetApi } from './fleet-api.ts';
import type { SimDevice } from './fleet-builder.ts';

export interface ProvisionOptions {
  /** Signed in as the provider's operator (permissions devices.register + devices.assign). */
  api: FleetApi;
  devices: readonly SimDevice[];
  /** Client tenant ids to spread the units over; default every active client tenant. */
  tenantIds?: readonly string[];
  /** Parallel API calls. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ProvisionResult {
  registered: number;
  assigned: number;
  alreadyReady: number;
}

/** Simulator unit ids: `SIM-000001` …; stable, so a second run reuses the units of the first. */
export const simUnitId = (n: number) => `SIM-${String(n).padStart(6, '0')}`;

/**
 * Makes sure every unit exists in the provider's registry and is assigned to a client tenant
 * (which creates its vehicle there): exactly the provider's onboarding flow through the public
 * API, so ingest accepts the units' reports. Idempotent: units already assigned are left alone.
 */
export async function provisionUnits(options: ProvisionOptions): Promise<ProvisionResult> {
  const { api, devices } = options;
  const tenantIds = options.tenantIds ?? (await clientTenants(api));
  if (tenantIds.length === 0) throw new Error('--provision: the provider has no active client tenant to assign units to');
  const known = new Map<string, RegistryDevice>();
  for (let offset = 0; ; offset += 500) {
    const page = await api.get<RegistryList>(`/api/device-registry?q=SIM-&limit=500&offset=${offset}`);
    for (const unit of page.items) known.set(unit.uniqueId, unit);
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  const result: ProvisionResult = { registered: 0, assigned: 0, alreadyReady: 0 };
  let done = 0;
  let next = 0;
  const work = async () => {
    while (next < devices.length) {
      const index = next++;
      const device = devices[index] as SimDevice;
      let unit = known.get(device.uniqueId);
      if (!unit) {
        const model = device.protocol === 'obd-batch' ? 'OBD-II dongle' : 'Traccar Client (phone)';
        unit = (await api.post<RegisteredDevice>('/api/device-registry', { uniqueId: device.uniqueId, model })).device;
        result.registered++;
      }
      if (unit.status === 'assigned') result.alreadyReady++;
      else {
        const body: AssignDeviceRequest = {
          tenantId: tenantIds[index % tenantIds.length] as string,
          name: `Sim ${device.kind} ${device.uniqueId.slice(4)}`,
          vehicleType: device.kind,
        };
        await api.post<RegistryDevice>(`/api/device-registry/${unit.id}/assign`, body);
        result.assigned++;
      }
      done++;
      if (done % 250 === 0 || done === devices.length) options.onProgress?.(done, devices.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, work));
  return result;
}

async function clientTenants(api: FleetApi): Promise<string[]> {
  const page = await api.get<TenantList>('/api/tenants?limit=500');
  return page.items.filter((t) => t.kind === 'client' && t.status === 'active').map((t) => t.id);
}
