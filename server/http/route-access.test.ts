import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { permissions } from '../../contract/api/permissions.ts';
import { requireDeclaredAccess } from './route-access.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();

describe('route access declarations', () => {
  it('refuses to start an app with a route that declares no access', async () => {
    const app = Fastify();
    requireDeclaredAccess(app);
    app.get('/declared', { config: { access: 'public' } }, async () => 'ok');
    // Registration itself throws, so buildApp (and with it the fleet cloud's start) fails.
    expect(() => app.get('/forgotten', async () => 'oops')).toThrow(/GET \/forgotten declares no access/);
    await app.close();
  });

  it('lists every route of the fleet cloud with who may call it', () => {
    const table = suite.fleet.app.routeAccess.map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(48)} ${r.access}`);
    console.log(`route access (${table.length} routes):\n${table.join('\n')}`);
    expect(table.length).toBeGreaterThan(50);
    const known = new Set<string>([...permissions, 'member', 'public', 'device', 'scraper']);
    for (const r of suite.fleet.app.routeAccess) expect(known, `${r.method} ${r.url}`).toContain(r.access);
    const accessOf = (method: string, url: string) => suite.fleet.app.routeAccess.find((r) => r.method === method && r.url === url)?.access;
    // The routes that once had no check of their own (issue 15).
    expect(accessOf('GET', '/api/trips')).toBe('devices.read');
    expect(accessOf('GET', '/api/trips/:tripId/track')).toBe('devices.read');
    expect(accessOf('GET', '/api/positions')).toBe('devices.read');
    expect(accessOf('GET', '/api/positions/latest')).toBe('devices.read');
    expect(accessOf('GET', '/api/stream')).toBe('devices.read');
    expect(accessOf('GET', '/api/health/devices')).toBe('devices.read');
    expect(accessOf('POST', '/api/auth/sign-in')).toBe('public');
    expect(accessOf('POST', '/api/ingest/batch')).toBe('device');
  });
});
