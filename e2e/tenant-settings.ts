import type { SignInResponse, TokenResponse } from '../contract/api/auth.ts';
import type { TenantSettings } from '../contract/api/settings.ts';
import { demoPassword } from './fixtures.ts';

type Call = <T>(method: string, path: string, body?: object) => Promise<T>;

/** The fleet cloud's API as a demo user in one of their tenants (setup steps with no UI in between). */
export async function asTenantMember(serverUrl: string, username: string, tenantName: string): Promise<Call> {
  const request = async <T>(method: string, path: string, body: object | undefined, token?: string): Promise<T> => {
    const response = await fetch(`${serverUrl}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const signIn = await request<SignInResponse>('POST', '/api/auth/sign-in', { username, password: demoPassword });
  const tenant = signIn.memberships.find((m) => m.tenantName === tenantName);
  if (!tenant) throw new Error(`${username} is not a member of ${tenantName}`);
  const { accessToken } = await request<TokenResponse>('POST', '/api/auth/token', { refreshToken: signIn.refreshToken, tenantId: tenant.tenantId });
  return (method, path, body) => request(method, path, body, accessToken);
}

/** Changes a tenant's settings through the fleet cloud's API, as its admin. */
export async function patchTenantSettings(serverUrl: string, username: string, tenantName: string, changes: Partial<TenantSettings>): Promise<void> {
  const call = await asTenantMember(serverUrl, username, tenantName);
  await call('PATCH', '/api/settings', { changes });
}
