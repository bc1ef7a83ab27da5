import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { TokenResponse } from '../../contract/api/auth.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { ServerMessage } from '../../contract/stream/messages.ts';
import { demoAccounts, demoPassword, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../demo/demo-fleet.ts';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { accessTokenFor, bearer, exchange, signIn } from '../test/test-fleet.ts';
import { at, defined } from '../test/defined.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const freight = demoTenants.gothenburgFreight.id;
let second: { app: FastifyInstance; db: FleetDb };

beforeAll(async () => {
  // A second API instance on the same database: revocations must reach it too (< 1 s).
  const db = createFleetDb({ connectionString: suite.fleet.boot.appUrl });
  second = { db, app: await buildApp({ db, config: appConfig(suite.fleet.boot.signingKey) }) };
  await second.app.ready();
});
afterAll(async () => {
  await second?.app.close();
  await second?.db.close();
});

const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/devices', headers: bearer(token) });

/** The token opens the API on this instance now, and on the other within a second. */
async function expectRefusedEverywhere(token: string) {
  const here = await me(suite.fleet.app, token);
  expect(here.statusCode).toBe(401);
  expect(here.json<ApiErrorBody>()).toMatchObject({ error: 'token_expired', reason: 'access-token-revoked' });
  await vi.waitFor(async () => expect((await me(second.app, token)).statusCode).toBe(401), { timeout: 1000, interval: 20 });
}

async function session(username: string, tenantId: string) {
  const signedIn = await signIn(suite.fleet.app, username);
  const response = await exchange(suite.fleet.app, signedIn.refreshToken, tenantId);
  expect(response.statusCode, response.body).toBe(200);
  const tokens = response.json<TokenResponse>();
  for (const app of [suite.fleet.app, second.app]) expect((await me(app, tokens.accessToken)).statusCode).toBe(200);
  return { first: signedIn.refreshToken, ...tokens };
}

describe('ending access takes effect on the next request, on every instance', () => {
  it('sign-out', async () => {
    const s = await session('sofia', demoTenants.cityUtilities.id);
    expect((await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-out', payload: { refreshToken: s.refreshToken } })).statusCode).toBe(204);
    await expectRefusedEverywhere(s.accessToken);
  });

  it('refresh-token reuse (a stolen copy) ends the session', async () => {
    const s = await session('sofia', demoTenants.cityUtilities.id);
    expect((await exchange(suite.fleet.app, s.first, demoTenants.cityUtilities.id)).statusCode).toBe(401);
    await expectRefusedEverywhere(s.accessToken);
  });

  it("password change ends the user's other sessions, not the one that asked", async () => {
    const other = await session('anders', freight);
    const asking = await session('anders', freight);
    const changed = await suite.fleet.app.inject({
      method: 'POST', url: '/api/me/password', headers: bearer(asking.accessToken),
      payload: { currentPassword: demoPassword, newPassword: 'a-much-better-passphrase-9' },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    await expectRefusedEverywhere(other.accessToken);
    expect((await me(suite.fleet.app, asking.accessToken)).statusCode).toBe(200);
  });

  it('demotion: the old token is refused, a new exchange carries the new role', async () => {
    const owner = await accessTokenFor(suite.fleet.app, 'maria', freight);
    const s = await session('vera', freight);
    const demoted = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/users/${demoAccounts.vera.id}`, headers: bearer(owner), payload: { role: 'dispatcher' } });
    expect(demoted.statusCode, demoted.body).toBe(200);
    await expectRefusedEverywhere(s.accessToken);
    const again = await exchange(suite.fleet.app, s.refreshToken, freight);
    expect(again.json<TokenResponse>().role).toBe('dispatcher');
    expect((await me(second.app, again.json<TokenResponse>().accessToken)).statusCode).toBe(200);
  });

  it('a removed member cannot use the API any more', async () => {
    const owner = await accessTokenFor(suite.fleet.app, 'maria', freight);
    const s = await session('vera', freight);
    const removed = await suite.fleet.app.inject({ method: 'DELETE', url: `/api/users/${demoAccounts.vera.id}`, headers: bearer(owner) });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    await expectRefusedEverywhere(s.accessToken);
    const create = await second.app.inject({ method: 'POST', url: '/api/groups', headers: bearer(s.accessToken), payload: { name: 'Ghost depot' } });
    expect(create.statusCode).toBe(401);
    expect((await exchange(suite.fleet.app, s.refreshToken, freight)).statusCode).toBe(403);
  });

  it('tenant suspension', async () => {
    const operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
    const s = await session('viktor', demoTenants.harbourTaxi.id);
    const suspended = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${demoTenants.harbourTaxi.id}`, headers: bearer(operator), payload: { status: 'suspended' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    await expectRefusedEverywhere(s.accessToken);
    await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${demoTenants.harbourTaxi.id}`, headers: bearer(operator), payload: { status: 'active' } });
  });
});

describe('live streams follow access changes', () => {
  function connect(url: string, token: string) {
    const socket = new WebSocket(`${url}/api/stream?access_token=${token}`);
    const messages: ServerMessage[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as ServerMessage));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const hello = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    return { socket, messages, closed, hello };
  }
  let urls: string[] = [];
  beforeAll(async () => {
    urls = [];
    for (const app of [suite.fleet.app, second.app]) urls.push((await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws'));
  });

  it("closes the member's open streams (4001) on every instance when their scope changes", async () => {
    const token = await accessTokenFor(suite.fleet.app, 'erik', freight);
    const streams = urls.map((url) => connect(url, token));
    await Promise.all(streams.map((s) => s.hello));
    const owner = await accessTokenFor(suite.fleet.app, 'maria', freight);
    const rescoped = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/users/${demoAccounts.erik.id}`, headers: bearer(owner), payload: { groupIds: [demoGroups.southDepot.id] } });
    expect(rescoped.statusCode, rescoped.body).toBe(200);
    expect(await Promise.all(streams.map((s) => s.closed))).toEqual([4001, 4001]);
    await suite.fleet.app.inject({ method: 'PATCH', url: `/api/users/${demoAccounts.erik.id}`, headers: bearer(owner), payload: { groupIds: [demoGroups.northDepot.id] } });
  });

  it('stops sending a vehicle that moved out of the group scope of an open stream (S5)', async () => {
    const north = demoDevices.filter((d) => d.group === demoGroups.northDepot);
    const [moving, staying] = [at(north, 0), at(north, 1)];
    const token = await accessTokenFor(suite.fleet.app, 'erik', freight);
    const stream = connect(defined(urls[1], 'the second instance'), token);
    await stream.hello;
    const owner = await accessTokenFor(suite.fleet.app, 'maria', freight);
    const moved = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/devices/${moving.id}`, headers: bearer(owner), payload: { groupId: demoGroups.southDepot.id } });
    expect(moved.statusCode, moved.body).toBe(200);
    const report = (uniqueId: string, t: number) =>
      suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: [{ deviceId: uniqueId, time: new Date(t).toISOString(), latitude: 57.7, longitude: 11.97 }] } });
    const now = Date.now();
    expect((await report(moving.uniqueId, now - 2000)).json<{ stored: number }>().stored).toBe(1);
    expect((await report(staying.uniqueId, now - 1000)).json<{ stored: number }>().stored).toBe(1);
    const deviceIds = () => stream.messages.flatMap((m) => (m.type === 'positions' ? m.positions.map((p) => p.deviceId) : []));
    // The in-scope vehicle's fix was stored after the moved one's: once it arrived, the other would have too.
    await vi.waitFor(() => expect(deviceIds()).toContain(staying.id), { timeout: 5000, interval: 20 });
    expect(deviceIds()).not.toContain(moving.id);
    stream.socket.close();
  });
});
