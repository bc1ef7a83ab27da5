import type { SignInResponse, TokenResponse } from '../contract/api/auth.ts';
import type { TenantSettings } from '../contract/api/settings.ts';
import { demoPassword } from './fixtures.ts';

/** Changes a tenant's settings through the fleet cloud's API, as its admin (no UI in between). */
export async function patchTenantSettings(serverUrl: string, username: string, tenantName: string, changes: Partial<TenantSettings>): Promise<void> {
  const call = async <T>(path: string, body: object, token?: string, method = 'POST'): Promise<T> => {
    const response = await fetch(`${serverUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const signIn = await call<SignInResponse>('/api/auth/sign-in', { username, password: demoPassword });
  const tenant = signIn.memberships.find((m) => m.tenantName === tenantName);
  if (!tenant) throw new Error(`${username} is not a member of ${tenantName}`);
  const { accessToken } = await call<TokenResponse>('/api/auth/token', { refreshToken: signIn.refreshToken, tenantId: tenant.tenantId });
  await call('/api/settings', { changes }, accessToken, 'PATCH');
}
