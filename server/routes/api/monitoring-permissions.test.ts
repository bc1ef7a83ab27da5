import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../../test/use-test-fleet.ts';
import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import { demoTenants } from '../../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from '../../test/test-fleet.ts';

const suite = useTestFleet();
let viewer: string;
let admin: string;

beforeAll(async () => {
  viewer = await accessTokenFor(suite.fleet.app, 'viktor', demoTenants.harbourTaxi.id);
  admin = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.harbourTaxi.id);
});

const circle = { name: 'Quay', shape: { type: 'circle', center: { latitude: 57.7, longitude: 11.95 }, radiusM: 150 } };

describe('monitoring routes enforce the permission matrix', () => {
  it('a viewer may read geofences and alerts but not change them; the 403 names the permission', async () => {
    const created = await suite.fleet.app.inject({ method: 'POST', url: '/api/geofences', payload: circle, headers: bearer(admin) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string; version: number }>().id;

    expect((await suite.fleet.app.inject({ url: '/api/geofences', headers: bearer(viewer) })).statusCode).toBe(200);
    expect((await suite.fleet.app.inject({ url: '/api/alerts', headers: bearer(viewer) })).statusCode).toBe(200);

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
      const response = await suite.fleet.app.inject({ method: attempt.method, url: attempt.url, payload: attempt.payload, headers: bearer(viewer) });
      expect(response.statusCode, `${attempt.method} ${attempt.url}: ${response.body}`).toBe(403);
      const body = response.json<ApiErrorBody>();
      expect(body.error).toBe('forbidden');
      expect(body.message).toContain(`needs permission ${attempt.permission}`);
    }
    // The geofence the viewer tried to change and delete is untouched.
    const after = await suite.fleet.app.inject({ url: `/api/geofences/${id}`, headers: bearer(admin) });
    expect(after.json()).toMatchObject({ id, name: 'Quay', version: 1 });
  });
});
