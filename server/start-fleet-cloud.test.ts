import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, demoTenants } from '../demo/demo-accounts.ts';
import type { SignInResponse, TokenResponse } from '../contract/api/auth.ts';
import type { DeviceListResponse } from '../contract/api/devices.ts';
import { startFleetCloud } from './start-fleet-cloud.ts';
import { startTestPostgres, type TestPostgres } from './test/test-postgres.ts';

const post = (url: string, body: object) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function tokenFor(baseUrl: string, username: string, tenantId: string): Promise<TokenResponse> {
  const session = (await (await post(`${baseUrl}/api/auth/sign-in`, { username, password: demoPassword })).json()) as SignInResponse;
  return (await (await post(`${baseUrl}/api/auth/token`, { refreshToken: session.refreshToken, tenantId })).json()) as TokenResponse;
}

describe('startFleetCloud over a real socket', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startTestPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  // Two instances racing migrations and a demo seed: tens of seconds on a loaded 2-core machine.
  it('runs two instances on one DATABASE_URL that accept each other’s tokens', async () => {
    const databaseUrl = await postgres.createDatabase();
    const [a, b] = await Promise.all([
      startFleetCloud({ port: 0, databaseUrl, seedDemo: true }),
      startFleetCloud({ port: 0, databaseUrl, seedDemo: true }),
    ]);
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await tokenFor(a.url, 'erik', demoTenants.gothenburgFreight.id);
      const devices = await fetch(`${b.url}/api/devices`, { headers: { authorization: `Bearer ${token.accessToken}` } });
      expect(devices.status).toBe(200);
      // Erik is a dispatcher limited to the North depot: 3 of the tenant's 6 vehicles.
      expect(((await devices.json()) as DeviceListResponse).total).toBe(3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 120_000);

  it('starts without demo data on an external database unless asked', async () => {
    const fleet = await startFleetCloud({ port: 0, databaseUrl: await postgres.createDatabase() });
    try {
      const response = await post(`${fleet.url}/api/auth/sign-in`, { username: 'maria', password: demoPassword });
      expect(response.status).toBe(401);
    } finally {
      await fleet.close();
    }
  });
});

describe('startFleetCloud with embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    // A root-only mkdtemp folder, as E2E setup makes: the embedded server must still get in.
    dataDir = await mkdtemp(join(tmpdir(), 'fleet-data-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo by default and keeps its data across restarts', async () => {
    const first = await startFleetCloud({ port: 0, dataDir });
    let familyToken: string;
    try {
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      familyToken = (await tokenFor(first.url, 'sofia', demoTenants.cityUtilities.id)).refreshToken;
    } finally {
      await first.close();
      await first.close();
    }
    const second = await startFleetCloud({ port: 0, dataDir });
    try {
      // The refresh token issued by the first run is still valid: same database, same secrets.
      const response = await post(`${second.url}/api/auth/token`, { refreshToken: familyToken, tenantId: demoTenants.cityUtilities.id });
      expect(response.status).toBe(200);
    } finally {
      await second.close();
    }
  }, 120_000);
});
