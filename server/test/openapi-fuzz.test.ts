import { describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from './test-fleet.ts';
import { allProbes, type OpenApiDoc, type Probe } from './openapi-probes.ts';
import { useTestFleet } from './use-test-fleet.ts';

const suite = useTestFleet();

describe('every route of the OpenAPI document', () => {
  it('answers hostile input with 4xx, never 5xx', { timeout: 900_000 }, async () => {
    const app = suite.fleet.app;
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDoc>();
    const probes = allProbes(doc);
    const owner = await accessTokenFor(app, 'maria', demoTenants.gothenburgFreight.id);
    const operator = await accessTokenFor(app, 'operator', demoTenants.nordicFleetServices.id);
    const failures: string[] = [];
    // Provider routes as the operator, the rest as a tenant owner: both reach the handlers.
    const tokenFor = (probe: Probe) => (/^\/api\/(tenants|device-registry|provider)/.test(probe.route) ? operator : owner);
    let sent = 0;
    for (const probe of probes) {
      const response = await app.inject({
        method: probe.method as 'GET',
        url: probe.url,
        headers: { ...bearer(tokenFor(probe)), ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }) },
        remoteAddress: `10.99.${(sent >> 8) & 255}.${sent & 255}`,
        ...(probe.body === undefined ? {} : { payload: JSON.stringify(probe.body) }),
      });
      sent++;
      if (response.statusCode >= 500) failures.push(`${probe.method} ${probe.route} ${probe.what} → ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    console.log(`openapi fuzz: ${sent} probes over ${Object.keys(doc.paths).length} paths, ${failures.length} answered 5xx`);
    expect(failures).toEqual([]);
  });
});
