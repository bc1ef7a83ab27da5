import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../app.ts';
import { appConfig, type AppConfig } from '../config.ts';
import { bootstrapDatabase, type BootstrapResult } from '../db/bootstrap.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { demoPassword } from '../../demo/demo-accounts.ts';
import type { SignInResponse, TokenResponse } from '../../contract/api/auth.ts';
import type { TestPostgres } from './test-postgres.ts';

export interface TestFleet {
  app: FastifyInstance;
  db: FleetDb;
  ownerUrl: string;
  boot: BootstrapResult;
  close(): Promise<void>;
}

/** A seeded database plus the app wired to it, driven with app.inject (no socket). */
export async function createTestFleet(
  postgres: TestPostgres,
  overrides: Parameters<typeof appConfig>[1] = {},
): Promise<TestFleet> {
  const ownerUrl = await postgres.createDatabase();
  const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });
  const db = createFleetDb({ connectionString: boot.appUrl });
  const config: AppConfig = appConfig(boot.signingKey, overrides);
  const app = await buildApp({ db, config });
  await app.ready();
  return {
    app,
    db,
    ownerUrl,
    boot,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export async function signIn(app: FastifyInstance, username: string, remoteAddress = '127.0.0.1'): Promise<SignInResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username, password: demoPassword },
    remoteAddress,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SignInResponse>();
}

export async function exchange(app: FastifyInstance, refreshToken: string, tenantId: string) {
  return app.inject({ method: 'POST', url: '/api/auth/token', payload: { refreshToken, tenantId } });
}

/** Signs in and returns an access token for one of the user's tenants. */
export async function accessTokenFor(app: FastifyInstance, username: string, tenantId: string): Promise<string> {
  const session = await signIn(app, username);
  const response = await exchange(app, session.refreshToken, tenantId);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TokenResponse>().accessToken;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
