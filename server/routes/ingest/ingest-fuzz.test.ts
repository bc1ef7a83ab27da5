import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../../test/use-test-fleet.ts';
import { demoDevices } from '../../../demo/demo-fleet.ts';
import { at } from '../../test/defined.ts';

const suite = useTestFleet();

const unit = at(demoDevices, 0).uniqueId;
// Hostile values: wrong types, huge and non-finite numbers, odd strings, prototype keys.
const nasty = fc.oneof(
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant('NaN'), fc.constant('1e400'),
  fc.constant('__proto__'), fc.constant(unit), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom('id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'altitude', 'accuracy', 'batt', 'charge', 'valid', '__proto__', 'constructor', 'x');
const osmFields = fc.dictionary(fieldNames, nasty, { maxKeys: 10 });
let clock = 0;
/** A valid record with a unique time, so each is new. */
const validRecord = () => ({ deviceId: unit, time: Date.now() - 30 * 86_400_000 + ++clock * 1000, latitude: 57.7, longitude: 11.9, speedKmh: 10 });

const noServerError = (status: number) => expect(status).toBeLessThan(500);

describe('every ingest endpoint survives hostile input', () => {
  it('OsmAnd GET query and POST form', async () => {
    await fc.assert(fc.asyncProperty(osmFields, async (fields) => {
      const query = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
      noServerError((await suite.fleet.app.inject({ url: `/?${query}` })).statusCode);
      noServerError((await suite.fleet.app.inject({ method: 'POST', url: '/osmand', payload: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode);
    }), { numRuns: 150 });
  });

  it('OsmAnd JSON variant', async () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ device_id: nasty, location: fc.oneof(nasty, fc.record({ timestamp: nasty, coords: fc.oneof(nasty, fc.dictionary(fc.constantFrom('latitude', 'longitude', 'speed', 'heading'), nasty)), battery: nasty, extras: nasty })) }),
    );
    await fc.assert(fc.asyncProperty(body, async (payload) => {
      noServerError((await suite.fleet.app.inject({ method: 'POST', url: '/', payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } })).statusCode);
    }), { numRuns: 150 });
    noServerError((await suite.fleet.app.inject({ method: 'POST', url: '/', payload: '{"device_id": ', headers: { 'content-type': 'application/json' } })).statusCode);
  });

  it('OBD-II batch: no 5xx, and the valid records among the garbage are all stored', async () => {
    const garbage = fc.oneof(nasty, fc.dictionary(fc.constantFrom('deviceId', 'time', 'latitude', 'longitude', 'speedKmh', 'dtc', 'rpm', 'attributes', 'batteryVoltage'), nasty, { maxKeys: 6 }));
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(garbage, fc.constant('VALID')), { maxLength: 30 }), async (mix) => {
      const records = mix.map((r) => (r === 'VALID' ? validRecord() : r));
      const valid = mix.filter((r) => r === 'VALID').length;
      const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records } });
      noServerError(response.statusCode);
      const result = response.json<{ stored: number; duplicates: number; rejected: { index: number }[] }>();
      // Garbage may happen to be valid too (and then be stored); valid records are never lost.
      expect(result.stored + result.duplicates).toBeGreaterThanOrEqual(valid);
      expect(result.stored + result.duplicates + result.rejected.length).toBe(records.length);
    }), { numRuns: 100 });
    for (const payload of ['', 'null', '[]', '{"records": 5}', '{"records": [', 'x'.repeat(1000)]) {
      noServerError((await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', payload, headers: { 'content-type': 'application/json' } })).statusCode);
    }
  });
});
