import type { Alert } from '../../../contract/api/alerts.ts';
import type { TelemetryRecord } from '../../../contract/api/telemetry.ts';
import type { ServerMessage } from '../../../contract/stream/messages.ts';
import { WebSocket } from 'ws';

/**
 * Test data made the way production data is made: fixes go in through the fleet cloud's real
 * ingest endpoint (trips and alerts are derived by the server), and "someone else" acts through
 * the real REST API. Plain HTTP, so the engine's tests stay outside server/.
 */

/** Unit ids of the demo fleet of Gothenburg Freight AB (demo/demo-fleet.ts). */
export const gothenburgUnits = ['356938035643801', '356938035643802', '356938035643803', '356938035643804', '356938035643805'] as const;

export async function ingest(serverUrl: string, records: TelemetryRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 10_000) {
    const response = await fetch(`${serverUrl}/api/ingest/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: records.slice(i, i + 10_000) }),
    });
    const body = (await response.json()) as { stored?: number; rejected?: unknown[] };
    if (!response.ok || (body.rejected?.length ?? 0) > 0) throw new Error(`ingest failed (${response.status}): ${JSON.stringify(body).slice(0, 500)}`);
  }
}

/**
 * One trip: `points` fixes a second apart heading north, speeding up and slowing down gently
 * (no harsh-driving alerts), then six minutes parked, which closes the trip on the server. No
 * ignition field: "ignition on outside working hours" would depend on when the test runs.
 */
export function tripRecords(unitId: string, startMs: number, points: number, options: { speedKmh?: number; latitude?: number; longitude?: number } = {}): TelemetryRecord[] {
  const cruise = options.speedKmh ?? 50;
  const longitude = options.longitude ?? 11.97;
  let latitude = options.latitude ?? 57.7;
  const records: TelemetryRecord[] = [];
  for (let i = 0; i < points; i++) {
    const speedKmh = Math.min(cruise, 5 * (i + 1), 5 * (points - i));
    latitude += speedKmh / 3.6 / 111_000;
    records.push({ deviceId: unitId, time: startMs + i * 1000, latitude, longitude, speedKmh, course: 0 });
  }
  const end = startMs + points * 1000;
  for (let i = 0; i <= 12; i++) records.push({ deviceId: unitId, time: end + i * 30_000, latitude, longitude, speedKmh: 0, course: 0 });
  return records;
}

/**
 * An overspeed episode: a few fixes well above the demo tenants' 90 km/h limit, then back to
 * 60 km/h ten seconds later (gently enough not to count as harsh braking). The server opens an
 * overspeed alert, or counts another occurrence of the open one.
 */
export function overspeedRecords(unitId: string, atMs: number): TelemetryRecord[] {
  const fast = [0, 1, 2].map((i) => ({ deviceId: unitId, time: atMs + i * 1000, latitude: 57.71 + i * 0.0004, longitude: 11.95, speedKmh: 150, course: 0 }));
  return [...fast, { deviceId: unitId, time: atMs + 12_000, latitude: 57.7116, longitude: 11.95, speedKmh: 60, course: 0 }];
}

/** A person using the fleet cloud directly (another dispatcher's console, a check of the server's state). */
export interface ApiUser {
  tenantId: string;
  userId: string;
  serverUrl: string;
  accessToken: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

export async function signInApi(serverUrl: string, username: string, tenantName: string): Promise<ApiUser> {
  const json = async <T>(path: string, init: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${serverUrl}${path}`, init);
    return { status: response.status, body: (await response.json()) as T };
  };
  const post = (path: string, body: unknown, token?: string) =>
    json(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const signedIn = await post('/api/auth/sign-in', { username, password: 'demo-password-1' });
  const { refreshToken, memberships, user } = signedIn.body as { refreshToken: string; user: { id: string }; memberships: { tenantId: string; tenantName: string }[] };
  const tenantId = memberships.find((m) => m.tenantName === tenantName)?.tenantId;
  if (!tenantId) throw new Error(`${username} is not a member of ${tenantName}`);
  const exchanged = await post('/api/auth/token', { refreshToken, tenantId });
  const token = (exchanged.body as { accessToken: string }).accessToken;
  return {
    tenantId,
    userId: user.id,
    serverUrl,
    accessToken: token,
    async get<T>(path: string) {
      const answer = await json<T>(path, { headers: { authorization: `Bearer ${token}` } });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    post: <T>(path: string, body: unknown) => post(path, body, token) as Promise<{ status: number; body: T }>,
  };
}

/** Every alert of the tenant as the server holds it now. */
export async function serverAlerts(user: ApiUser): Promise<Alert[]> {
  return (await user.get<{ items: Alert[] }>('/api/alerts?limit=5000')).items;
}

/** The tenant's newest stream seq, as a fresh connection's `hello` says. */
export function streamHead(user: ApiUser): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${user.serverUrl.replace(/^http/, 'ws')}/api/stream`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type !== 'hello') return;
      socket.terminate();
      resolve(message.seq);
    });
    socket.on('error', reject);
  });
}

/** Device ids by unit id (the engine and the API speak device ids; ingest speaks unit ids). */
export async function deviceIdsByUnit(user: ApiUser): Promise<Map<string, string>> {
  const page = await user.get<{ items: { id: string; uniqueId: string }[] }>('/api/devices?limit=1000');
  return new Map(page.items.map((d) => [d.uniqueId, d.id]));
}

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
