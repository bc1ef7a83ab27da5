import type { TenantSettings } from '../contract/api/settings.ts';
import { apiAs } from './alert-api.ts';

/** Changes a tenant's settings through the fleet cloud's API, as its admin. */
export async function patchTenantSettings(serverUrl: string, username: string, tenantName: string, changes: Partial<TenantSettings>): Promise<void> {
  const call = await apiAs(serverUrl, username, tenantName);
  await call('PATCH', '/api/settings', { changes });
}
