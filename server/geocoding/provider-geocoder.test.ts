import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReverseGeocodeResponse, PlaceSearchResponse } from '../../contract/api/places.ts';
import type { ProviderSettingsResponse } from '../../contract/api/provider-settings.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

// Nominatim's real jsonv2 shapes (fields as the public service returns them; values made up here).
const reverseAnswer = (lat: string, lon: string) => ({
  place_id: 1234567, licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
  osm_type: 'way', osm_id: 23456789, lat, lon, category: 'highway', type: 'residential', place_rank: 26, importance: 0.1,
  addresstype: 'road', name: 'Testgatan', display_name: 'Testgatan 12, Centrum, Göteborg, Västra Götalands län, 411 01, Sverige',
  address: { house_number: '12', road: 'Testgatan', suburb: 'Centrum', city: 'Göteborg', county: 'Västra Götalands län', postcode: '411 01', country: 'Sverige', country_code: 'se' },
  boundingbox: ['57.7000000', '57.7010000', '11.9600000', '11.9610000'],
});
const searchAnswer = [{
  place_id: 7654321, licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright', osm_type: 'relation', osm_id: 935611,
  lat: '57.7072326', lon: '11.9670171', category: 'boundary', type: 'administrative', place_rank: 16, importance: 0.7, addresstype: 'city',
  name: 'Göteborg', display_name: 'Göteborg, Göteborgs kommun, Västra Götalands län, Sverige',
  address: { city: 'Göteborg', municipality: 'Göteborgs kommun', county: 'Västra Götalands län', country: 'Sverige', country_code: 'se' },
  boundingbox: ['57.5499815', '57.8599946', '11.6020560', '12.2231690'],
}];

/** A local Nominatim stand-in: `mode` decides how it behaves; every request is counted. */
interface FakeService { url: string; requests: string[]; mode: 'ok' | 'slow'; server: Server }
async function startService(): Promise<FakeService> {
  const service: FakeService = { url: '', requests: [], mode: 'ok', server: createServer() };
  service.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    service.requests.push(`${url.pathname}?${url.searchParams}`);
    if (service.mode === 'slow') return; // never answers: the client's timeout must end it
    response.setHeader('content-type', 'application/json');
    if (url.searchParams.get('format') !== 'jsonv2') return void response.writeHead(400).end('{"error":"format"}');
    if (url.pathname === '/reverse') {
      const lat = url.searchParams.get('lat') ?? '';
      // The sea west of the coast: Nominatim's own "nothing here" answer.
      if (Number(url.searchParams.get('lon')) < 11.7) return void response.end('{"error":"Unable to geocode"}');
      return void response.end(JSON.stringify(reverseAnswer(lat, url.searchParams.get('lon') ?? '')));
    }
    if (url.pathname === '/search') return void response.end(JSON.stringify(searchAnswer));
    response.writeHead(404).end('[]');
  });
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  return service;
}

const suite = useTestFleet();
let service: FakeService;
let operator: string;
let dispatcher: string;
beforeAll(async () => {
  service = await startService();
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  dispatcher = await accessTokenFor(suite.fleet.app, 'erik', demoTenants.gothenburgFreight.id);
});
afterAll(async () => {
  service.server.closeAllConnections();
  await new Promise((resolve) => service.server.close(resolve));
});

// Answering services get a generous timeout: a loaded machine can take longer than a real service's budget.
const useService = async (url: string, timeoutMs = 5000) => {
  const response = await suite.fleet.app.inject({
    method: 'PATCH', url: '/api/provider/settings', headers: bearer(operator),
    payload: { changes: { geocoder: { kind: 'nominatim', url, maxRequestsPerSecond: 50, timeoutMs, language: 'sv' } } },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ProviderSettingsResponse>();
};
const reverse = async (points: object[]) => {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/places/reverse', headers: bearer(dispatcher), payload: { points } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ReverseGeocodeResponse>().addresses;
};
const point = (i: number) => ({ latitude: 57.7 + i * 0.001, longitude: 11.96 });

describe('provider settings', () => {
  it('only the provider’s operators read and change them, and each change is audited', async () => {
    const denied = await suite.fleet.app.inject({ method: 'GET', url: '/api/provider/settings', headers: bearer(dispatcher) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toContain('providerSettings.manage');
    const bad = await suite.fleet.app.inject({
      method: 'PATCH', url: '/api/provider/settings', headers: bearer(operator),
      payload: { changes: { geocoder: { kind: 'nominatim', url: 'http://example.com', maxRequestsPerSecond: 1, timeoutMs: 2000, language: '' } } },
    });
    expect(bad.json()).toMatchObject({ error: 'invalid_input', field: expect.stringContaining('geocoder') });
    const saved = await useService(service.url);
    expect(saved.settings.geocoder).toMatchObject({ kind: 'nominatim', url: service.url });
    const audit = await suite.fleet.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(operator) });
    expect(audit.body).toContain('provider.settings.update');
  });
});

describe('the provider geocoder', () => {
  it('answers from the service in its reverse format and caches per rounded coordinate', async () => {
    await useService(service.url);
    service.mode = 'ok';
    service.requests.length = 0;
    const first = await reverse([point(1), { latitude: 57.70001, longitude: 11.96001 + 0.00003 }]);
    expect(first[0]).toEqual({ kind: 'street', street: 'Testgatan', locality: 'Göteborg', ref: '12', source: 'provider', approximate: false });
    expect(service.requests.every((r) => r.startsWith('/reverse?') && r.includes('format=jsonv2'))).toBe(true);
    const asked = service.requests.length;
    // The same cells again (within 1e-4°): no request; the PostgreSQL row survives the memory too.
    await reverse([{ latitude: 57.70104, longitude: 11.96003 }]);
    expect(service.requests.length).toBe(asked);
    const stored = await suite.fleet.db.query<{ n: number }>('SELECT count(*)::int AS n FROM geocode_cache WHERE service = $1', [service.url]);
    expect(stored.rows[0]?.n).toBe(2);
  });

  it('where the service knows nothing, the built-in data still answers', async () => {
    const [sea] = await reverse([{ latitude: 57.69, longitude: 11.65 }]);
    expect(sea).toMatchObject({ kind: 'near', source: 'builtin' });
  });

  it('searches in the service’s search format', async () => {
    const response = await suite.fleet.app.inject({ method: 'GET', url: '/api/places/search?q=goteborg', headers: bearer(dispatcher) });
    expect(response.json<PlaceSearchResponse>().results[0]).toEqual({
      id: 'provider:relation:935611', kind: 'locality', name: 'Göteborg', locality: null, latitude: 57.7072326, longitude: 11.9670171,
      bounds: [11.602056, 57.5499815, 12.223169, 57.8599946], source: 'provider',
    });
  });

  it('a slow service times out and the built-in geocoder answers, marked approximate', async () => {
    await useService(service.url, 200);
    service.mode = 'slow';
    const [slow] = await reverse([point(20)]);
    expect(slow).toMatchObject({ kind: 'street', source: 'builtin', approximate: true });
    service.mode = 'ok';
  });

  it('a service that is down: built-in answers at once, approximate', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise((resolve) => down.close(resolve));
    await useService(url);
    const [answer] = await reverse([point(30)]);
    expect(answer).toMatchObject({ source: 'builtin', approximate: true });
    const search = await suite.fleet.app.inject({ method: 'GET', url: '/api/places/search?q=sveapl', headers: bearer(dispatcher) });
    expect(search.json<PlaceSearchResponse>().results[0]).toMatchObject({ name: 'Sveaplan', source: 'builtin' });
  });
});
