import type { SignInResponse, TokenResponse } from '../contract/api/auth.ts';
import { demoPassword } from '../demo/demo-accounts.ts';

/** A signed-in REST caller of one tenant: `api(method, path, body?)` answers the parsed JSON. */
export type Api = <T = unknown>(method: string, path: string, body?: object) => Promise<T>;

/**
 * Signs a demo user in to one tenant through the fleet cloud's REST API, for setup and checks a
 * spec makes beside the console (provider settings, webhooks, the delivery log, alert states).
 */
export async function apiAs(serverUrl: string, username: string, tenantName: string): Promise<Api> {
  const request = async <T>(method: string, path: string, body?: object, token?: string): Promise<T> => {
    const response = await fetch(`${serverUrl}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const signIn = await request<SignInResponse>('POST', '/api/auth/sign-in', { username, password: demoPassword });
  const tenant = signIn.memberships.find((m) => m.tenantName === tenantName);
  if (!tenant) throw new Error(`${username} is not a member of ${tenantName}`);
  const { accessToken } = await request<TokenResponse>('POST', '/api/auth/token', { refreshToken: signIn.refreshToken, tenantId: tenant.tenantId });
  return <T>(method: string, path: string, body?: object) => request<T>(method, path, body, accessToken);
}

/** The provider's mail goes to a test SMTP server on this machine (as the operator, over REST). */
export async function useTestMailServer(serverUrl: string, smtpPort: number, from: string): Promise<void> {
  const operator = await apiAs(serverUrl, 'operator', 'Nordic Fleet Services');
  const current = await operator<{ version: number }>('GET', '/api/provider/settings');
  await operator('PATCH', '/api/provider/settings', { expectedVersion: current.version, changes: { smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', username: '', from } } });
}
