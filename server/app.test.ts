import { describe, expect, it } from 'vitest';
import { useTestFleet } from './test/use-test-fleet.ts';
import { buildApp } from './app.ts';
import { appConfig } from './config.ts';

const suite = useTestFleet();

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

describe('the fleet cloud app', () => {
  it('reports health including the database', async () => {
    const response = await suite.fleet.app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI document of its routes', async () => {
    const response = await suite.fleet.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toBe('3.1.0');
    // Other areas add their routes; these must be there (tenancy: issue 3).
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/sign-in',
        '/api/auth/sign-out',
        '/api/auth/token',
        '/api/devices',
        '/api/devices/{id}',
        '/api/me',
        '/api/me/password',
        '/api/tenants',
        '/api/tenants/{id}',
        '/api/tenants/{id}/users',
        '/api/device-registry',
        '/api/device-registry/{id}/transfer',
        '/api/groups',
        '/api/users',
        '/api/settings',
        '/api/settings/history',
        '/api/audit',
        '/health',
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.paths['/api/devices']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/auth/sign-in']?.post?.security).toBeUndefined();
    expect(doc.components.schemas.ApiError).toBeDefined();
    // 403: every account of the user is suspended or pending deletion (decision 0250).
    expect(Object.keys(doc.paths['/api/auth/sign-in']?.post?.responses ?? {})).toEqual(['200', '400', '401', '403', '429']);
  });

  it('answers unknown routes with a 404 error body', async () => {
    const response = await suite.fleet.app.inject({ url: '/api/vehicles?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'not_found', reason: 'endpoint-not-found', params: { method: 'GET', path: '/api/vehicles' }, message: 'There is no GET /api/vehicles endpoint.',
    });
  });

  it('explains unreadable bodies', async () => {
    const broken = await suite.fleet.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: 'invalid_input' });
    const empty = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in' });
    expect(empty.json()).toEqual({
      error: 'invalid_input',
      reason: 'schema-violation',
      params: { field: '', rule: 'type' },
      message: 'The request body must be a JSON object with the documented fields',
    });
    const wrongType = await suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 7, password: 'x' } });
    expect(wrongType.json()).toEqual({
      error: 'invalid_input', reason: 'schema-violation', params: { field: 'username', rule: 'type' }, field: 'username', message: 'username must be string (request body)',
    });
  });

  it('never leaks internal error details', async () => {
    const app = await buildApp({ db: suite.fleet.db, config: appConfig(suite.fleet.boot.signingKey) });
    try {
      app.get('/boom', { config: { access: 'public' } }, async () => {
        throw new Error('secret internals: password=hunter2');
      });
      const response = await app.inject({ url: '/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: 'internal', reason: 'internal', message: 'Something went wrong on our side. Try again later.' });
    } finally {
      await app.close();
    }
  });
});
