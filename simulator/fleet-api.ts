import type { SignInResponse, TokenResponse } from '../contract/api/auth.ts';

/**
 * The few REST calls the simulator makes as a person would (sign in, pick a tenant, then call
 * the API with the access token): provisioning units and creating demo geofences. Errors carry
 * the server's message, so a wrong password or a missing permission reads as such.
 */
export class FleetApi {
  private readonly base: URL;
  private readonly token: string;
  readonly tenantId: string;

  private constructor(base: URL, token: string, tenantId: string) {
    this.base = base;
    this.token = token;
    this.tenantId = tenantId;
  }

  /** Signs in and exchanges the refresh token for an access token in the tenant `pickTenant` chooses. */
  static async signIn(server: string, username: string, password: string, pickTenant: (memberships: SignInResponse['memberships']) => string | undefined): Promise<FleetApi> {
    const base = new URL(server);
    const session = await call<SignInResponse>(base, 'POST', '/api/auth/sign-in', null, { username, password }, `sign in as ${username}`);
    const tenantId = pickTenant(session.memberships);
    if (!tenantId) throw new Error(`${username} has no membership the simulator can use (${session.memberships.map((m) => `${m.tenantName}: ${m.role}`).join(', ') || 'none'})`);
    const token = await call<TokenResponse>(base, 'POST', '/api/auth/token', null, { refreshToken: session.refreshToken, tenantId }, `open a session for ${username}`);
    return new FleetApi(base, token.accessToken, tenantId);
  }

  get<T>(path: string): Promise<T> {
    return call<T>(this.base, 'GET', path, this.token, undefined, `GET ${path}`);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return call<T>(this.base, 'POST', path, this.token, body, `POST ${path}`);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return call<T>(this.base, 'PATCH', path, this.token, body, `PATCH ${path}`);
  }
}

async function call<T>(base: URL, method: string, path: string, token: string | null, body: unknown, what: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(path, base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new Error(`Could not ${what}: ${base.origin} does not answer (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the raw text
    }
    throw new Error(`Could not ${what}: HTTP ${response.status} ${message}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}
