import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import type { Geofence } from '../../../../contract/api/geofences.ts';
import { doubledSignedArea } from '../../../../contract/geo/polygon.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
let admin: string;

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'maria', demoTenants.gothenburgFreight.id);
});

const at = (latitude: number, longitude: number) => ({ latitude, longitude });
const yard = [at(57.70, 11.90), at(57.70, 11.93), at(57.72, 11.93), at(57.72, 11.90)];
/** The yard with its last two corners swapped: an outline that crosses itself, lopsided so it still has an area. */
const crossing = [at(57.70, 11.90), at(57.70, 11.93), at(57.72, 11.90), at(57.725, 11.94)];

async function save(method: 'POST' | 'PUT', url: string, payload: object) {
  const response = await suite.fleet.app.inject({ method, url, payload, headers: bearer(admin) });
  return { status: response.statusCode, body: response.json<Geofence & ApiErrorBody>() };
}

describe('geofence shapes the server refuses', () => {
  it('rejects a polygon whose edges cross, on create and on replace, naming the field', async () => {
    // The shoelace area alone would accept it: the check has to look at the edges.
    expect(Math.abs(doubledSignedArea(crossing))).toBeGreaterThan(1e-6);
    const created = await save('POST', '/api/geofences', { name: 'Figure eight', shape: { type: 'polygon', points: crossing } });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ error: 'invalid_input', reason: 'polygon-self-crossing', params: { edge: 2, otherEdge: 4 }, field: 'shape.points' });
    expect(created.body.message).toMatch(/edges 2 and 4 cross/);

    const valid = await save('POST', '/api/geofences', { name: 'Yard', shape: { type: 'polygon', points: yard } });
    expect(valid.status, JSON.stringify(valid.body)).toBe(201);
    const replaced = await save('PUT', `/api/geofences/${valid.body.id}`, { expectedVersion: 1, name: 'Yard', shape: { type: 'polygon', points: crossing } });
    expect(replaced.status).toBe(400);
    expect(replaced.body).toMatchObject({ error: 'invalid_input', reason: 'polygon-self-crossing', field: 'shape.points' });
    const unchanged = await suite.fleet.app.inject({ url: `/api/geofences/${valid.body.id}`, headers: bearer(admin) });
    expect(unchanged.json<Geofence>().shape).toEqual({ type: 'polygon', points: yard });
  });

  it('rejects corners on one line, naming the field', async () => {
    const line = await save('POST', '/api/geofences', { name: 'Line', shape: { type: 'polygon', points: [at(57.70, 11.90), at(57.71, 11.91), at(57.72, 11.92)] } });
    expect(line.status).toBe(400);
    expect(line.body).toMatchObject({ error: 'invalid_input', reason: 'polygon-zero-area', field: 'shape.points' });
  });
});
