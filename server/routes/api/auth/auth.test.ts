import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { buildApp } from '../../../app.ts';
import { signAccessToken } from '../../../auth/access-token.ts';
import { defaultThrottle } from '../../../auth/sign-in-throttle.ts';
import { appConfig } from '../../../config.ts';
import { demoAccounts, demoPassword, demoTenants } from '../../../../demo/demo-accounts.ts';
import type { MeResponse, TokenResponse } from '../../../../contract/api/auth.ts';
import { bearer, exchange, signIn } from '../../../test/test-fleet.ts';

const suite = useTestFleet();

const attempt = (username: string, password: string, remoteAddress = '127.0.0.1') =>
  suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });

describe('sign-in', () => {
  it('returns the user, their memberships and a refresh token', async () => {
    const session = await signIn(suite.fleet.app, 'Maria');
    expect(session.user).toEqual({ id: demoAccounts.maria.id, username: 'maria', displayName: 'Maria Manager' });
    expect(session.memberships).toEqual([
      { tenantId: demoTenants.gothenburgFreight.id, tenantName: 'Gothenburg Freight AB', tenantKind: 'client', role: 'owner', groupScoped: false },
      { tenantId: demoTenants.harbourTaxi.id, tenantName: 'Harbour Taxi', tenantKind: 'client', role: 'admin', groupScoped: false },
    ]);
    expect(session.refreshToken.length).toBeGreaterThan(30);
    const lifetimeDays = (Date.parse(session.refreshTokenExpiresAt) - Date.now()) / 86_400_000;
    expect(lifetimeDays).toBeCloseTo(30, 0);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const started = performance.now();
    const wrongPassword = await attempt('erik', 'not-the-password', '10.1.0.1');
    const middle = performance.now();
    const unknownUser = await attempt('nobody-here', demoPassword, '10.1.0.1');
    const ended = performance.now();
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(unknownUser.json()).toEqual(wrongPassword.json());
    expect(wrongPassword.json<ApiErrorBody>().error).toBe('wrong_credentials');
    // Both pay for one scrypt verification; a loose bound, the machine is shared.
    expect(ended - middle).toBeGreaterThan((middle - started) / 4);
  });

  it('throttles an account after 5 failures, even for the right password', async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt('viktor', `guess-${i}`, `10.2.0.${i}`)).statusCode).toBe(401);
    const blocked = await attempt('viktor', demoPassword, '10.2.0.99');
    expect(blocked.statusCode).toBe(429);
    const body = blocked.json<ApiErrorBody>();
    expect(body.error).toBe('throttled');
    expect(body.reason).toBe('sign-in-throttled');
    expect(body.params?.retryAfterSeconds).toBe(body.retryAfterSeconds);
    expect(body.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(blocked.headers['retry-after']).toBe(String(body.retryAfterSeconds));
    // Other accounts are unaffected.
    expect((await attempt('sofia', demoPassword, '10.2.0.99')).statusCode).toBe(200);
  });

  it('throttles one client address spraying many accounts', async () => {
    // A second instance on the same database with a low address limit: the count lives in the
    // database, so both instances see the same failures.
    const strict = await buildApp({
      db: suite.fleet.db,
      config: appConfig(suite.fleet.boot.signingKey, { throttle: { ...defaultThrottle, maxPerAddress: 3 } }),
    });
    const spray = (app: FastifyInstance, username: string, password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });
    try {
      expect((await spray(suite.fleet.app, 'spray-1', 'x', '10.3.0.1')).statusCode).toBe(401);
      for (let i = 2; i <= 3; i++) expect((await spray(strict, `spray-${i}`, 'x', '10.3.0.1')).statusCode).toBe(401);
      const blocked = await spray(strict, 'operator', demoPassword, '10.3.0.1');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json<ApiErrorBody>().error).toBe('throttled');
      expect((await spray(strict, 'operator', demoPassword, '10.3.0.2')).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('names the missing field', async () => {
    const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'maria' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_input',
      reason: 'schema-violation',
      params: { field: 'password', rule: 'required' },
      field: 'password',
      message: 'password is required (request body)',
    });
  });
});

describe('token exchange', () => {
  it('issues an access token for a tenant the user belongs to', async () => {
    const session = await signIn(suite.fleet.app, 'maria');
    const response = await exchange(suite.fleet.app, session.refreshToken, demoTenants.harbourTaxi.id);
    expect(response.statusCode).toBe(200);
    const token = response.json<TokenResponse>();
    expect(token).toMatchObject({ tenantId: demoTenants.harbourTaxi.id, role: 'admin' });
    expect(Date.parse(token.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const me = await suite.fleet.app.inject({ url: '/api/me', headers: bearer(token.accessToken) });
    expect(me.json<MeResponse>()).toMatchObject({ tenantName: 'Harbour Taxi', role: 'admin', user: { username: 'maria' } });
  });

  it('refuses a tenant the user is not a member of, without burning the token', async () => {
    const session = await signIn(suite.fleet.app, 'erik');
    const refused = await exchange(suite.fleet.app, session.refreshToken, demoTenants.harbourTaxi.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ error: 'forbidden', field: 'tenantId' });
    expect((await exchange(suite.fleet.app, session.refreshToken, demoTenants.gothenburgFreight.id)).statusCode).toBe(200);
  });

  it('rotates the refresh token; reusing an old one revokes the whole family', async () => {
    const session = await signIn(suite.fleet.app, 'sofia');
    const tenant = demoTenants.cityUtilities.id;
    const first = (await exchange(suite.fleet.app, session.refreshToken, tenant)).json<TokenResponse>();
    expect(first.refreshToken).not.toBe(session.refreshToken);
    const second = (await exchange(suite.fleet.app, first.refreshToken, tenant)).json<TokenResponse>();

    const replay = await exchange(suite.fleet.app, session.refreshToken, tenant);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<ApiErrorBody>().error).toBe('session_revoked');
    // The newest token of the family died with it.
    const newest = await exchange(suite.fleet.app, second.refreshToken, tenant);
    expect(newest.json<ApiErrorBody>().error).toBe('session_revoked');
    // A separate sign-in is a separate family and still works.
    const other = await signIn(suite.fleet.app, 'sofia');
    expect((await exchange(suite.fleet.app, other.refreshToken, tenant)).statusCode).toBe(200);
  });

  it('rejects unknown refresh tokens and malformed tenant ids', async () => {
    const unknown = await exchange(suite.fleet.app, 'not-a-token', demoTenants.harbourTaxi.id);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<ApiErrorBody>().error).toBe('unauthenticated');
    const malformed = await exchange(suite.fleet.app, 'whatever', 'harbour-taxi');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<ApiErrorBody>()).toMatchObject({ error: 'invalid_input', field: 'tenantId' });
  });
});

describe('sign-out', () => {
  it('ends the session: its refresh tokens stop working', async () => {
    const session = await signIn(suite.fleet.app, 'operator');
    const tenant = demoTenants.nordicFleetServices.id;
    const rotated = (await exchange(suite.fleet.app, session.refreshToken, tenant)).json<TokenResponse>();
    const out = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-out', payload: { refreshToken: rotated.refreshToken } });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await exchange(suite.fleet.app, rotated.refreshToken, tenant)).json<ApiErrorBody>().error).toBe('session_revoked');
  });
});

describe('password change', () => {
  it('ends every other session of the user and keeps the one that changed it', async () => {
    const tenant = demoTenants.gothenburgFreight.id;
    const here = (await exchange(suite.fleet.app, (await signIn(suite.fleet.app, 'vera')).refreshToken, tenant)).json<TokenResponse>();
    const elsewhere = await signIn(suite.fleet.app, 'vera'); // e.g. a console left signed in on another desk
    const newPassword = 'correct-horse-battery-7';
    const changed = await suite.fleet.app.inject({
      method: 'POST', url: '/api/me/password', headers: bearer(here.accessToken), payload: { currentPassword: demoPassword, newPassword },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await exchange(suite.fleet.app, elsewhere.refreshToken, tenant)).json<ApiErrorBody>().error).toBe('session_revoked');
    const continued = await exchange(suite.fleet.app, here.refreshToken, tenant);
    expect(continued.statusCode).toBe(200);
    // Back to the demo password, for the other tests.
    const back = await suite.fleet.app.inject({
      method: 'POST', url: '/api/me/password', headers: bearer(continued.json<TokenResponse>().accessToken), payload: { currentPassword: newPassword, newPassword: demoPassword },
    });
    expect(back.statusCode, back.body).toBe(204);
  });
});

describe('access tokens on API routes', () => {
  const me = (headers: Record<string, string> = {}) => suite.fleet.app.inject({ url: '/api/me', headers });

  it('requires one', async () => {
    const response = await me();
    expect(response.statusCode).toBe(401);
    expect(response.json<ApiErrorBody>().error).toBe('unauthenticated');
    expect((await me({ authorization: 'Basic bWFyaWE6eA==' })).json<ApiErrorBody>().error).toBe('unauthenticated');
    expect((await me(bearer('abc.def.ghi'))).json<ApiErrorBody>().error).toBe('unauthenticated');
  });

  it('says when it has expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = signAccessToken(
      { sub: demoAccounts.maria.id, tid: demoTenants.harbourTaxi.id, role: 'admin', gids: null, iat: now - 1000, exp: now - 100 },
      suite.fleet.boot.signingKey,
    );
    const response = await me(bearer(expired));
    expect(response.statusCode).toBe(401);
    expect(response.json<ApiErrorBody>().error).toBe('token_expired');
  });

  it('is refused when the user is no longer a member of its tenant', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = signAccessToken(
      { sub: demoAccounts.erik.id, tid: demoTenants.harbourTaxi.id, role: 'admin', gids: null, iat: now, exp: now + 60 },
      suite.fleet.boot.signingKey,
    );
    const response = await me(bearer(stale));
    expect(response.statusCode).toBe(403);
    expect(response.json<ApiErrorBody>().error).toBe('forbidden');
  });
});
