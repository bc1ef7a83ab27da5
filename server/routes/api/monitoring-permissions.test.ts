import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import { demoTenants } from '../../db/seed/demo-accounts.ts';
import { accessTokenFor, bearer, createTestFleet, type TestFleet } from '../../test/test-fleet.ts';
import { startTestPostgres, type TestPostgres } from '../../test/test-postgres.ts';

let postgres: TestPostgres;
let fleet: TestFleet;
let viewer: string;
let admin: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  fleet = await createTestFleet(postgres);
  viewer = await accessTokenFor(fleet.app, 'viktor', demoTenants.harbourTaxi.id);
  admin = await accessTokenFor(fleet.app, 'maria', demoTenants.harbourTaxi.id);
});
afterAll(async () => {
  await fleet?.close();
  await postgres?.stop();
});

const circle = { name: 'Quay', shape: { type: 'circle', center: { latitude: 57.7, longitude: 11.95 }, radiusM: 150 } };

describe('monitoring routes enforce the permission matrix', () => {
  it('a viewer may read geofences and alerts but not change them; the 403 names the permission', async () => {
    const created = await fleet.app.inject({ method: 'POST', url: '/api/geofences', payload: circle, headers: bearer(admin) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string; version: number }>().id;

    expect((await fleet.app.inject({ url: '/api/geofences', headers: bearer(viewer) })).statusCode).toBe(200);
    expect((await fleet.app.inject({ url: '/api/alerts', headers: bearer(viewer) })).statusCode).toBe(200);

    const attempts = [
      { method: 'POST' as const, url: '/api/geofences', payload: circle, permission: 'geofences.manage' },
      { method: 'PUT' as const, url: `/api/geofences/${id}`, payload: { ...circle, expectedVersion: 1 }, permission: 'geofences.manage' },
      { method: 'DELETE' as const, url: `/api/geofences/${id}`, payload: undefined, permission: 'geofences.manage' },
      { method: 'POST' as const, url: `/api/alerts/${randomUUID()}/acknowledge`, payload: { expectedVersion: 1 }, permission: 'alerts.handle' },
      { method: 'POST' as const, url: `/api/alerts/${randomUUID()}/resolve`, payload: { expectedVersion: 1 }, permission: 'alerts.handle' },
      { method: 'POST' as const, url: `/api/alerts/${randomUUID()}/assign`, payload: { expectedVersion: 1, assigneeId: null }, permission: 'alerts.handle' },
      { method: 'POST' as const, url: `/api/alerts/${randomUUID()}/notes`, payload: { expectedVersion: 1, text: 'hi' }, permission: 'alerts.handle' },
    ];
    for (const attempt of attempts) {
      const response = await fleet.app.inject({ method: attempt.method, url: attempt.url, payload: attempt.payload, headers: bearer(viewer) });
      expect(response.statusCode, `${attempt.method} ${attempt.url}: ${response.body}`).toBe(403);
      const body = response.json<ApiErrorBody>();
      expect(body.error).toBe('forbidden');
      expect(body.message).toContain(`needs permission ${attempt.permission}`);
    }
    // The geofence the viewer tried to change and delete is untouched.
    const after = await fleet.app.inject({ url: `/api/geofences/${id}`, headers: bearer(admin) });
    expect(after.json()).toMatchObject({ id, name: 'Quay', version: 1 });
  });
});
