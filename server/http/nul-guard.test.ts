import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { refuseNulCharacters } from './nul-guard.ts';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  refuseNulCharacters(app);
  app.setErrorHandler(async (error, _request, reply) => (error instanceof ApiError ? reply.code(error.statusCode).send(error.toBody()) : reply.code(500).send()));
  // A raw-text route like device ingest, and a JSON one like the API's.
  app.register(async (text) => {
    text.removeAllContentTypeParsers();
    text.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    text.post('/text/:id', async () => 'ok');
  });
  app.post('/json/:id', async () => 'ok');
  await app.ready();
});

afterAll(() => app.close());

describe('requests carrying a NUL character', () => {
  it('are refused naming the query field, the path parameter, the text body or the JSON field', async () => {
    const field = async (url: string, body: string, type: string) => {
      const response = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
      return response.statusCode === 400 ? (response.json() as { field: string }).field : response.statusCode;
    };
    expect(await field('/text/a?id=1&lat=5%00', 'x', 'text/plain')).toBe('lat');
    expect(await field('/text/a%00b', '', 'text/plain')).toBe('id');
    expect(await field('/text/a?id=1', 'id=1&lat=\u0000', 'application/x-www-form-urlencoded')).toBe('body');
    expect(await field('/json/a', JSON.stringify({ records: [{ deviceId: 'a\u0000' }] }), 'application/json')).toBe('records[0].deviceId');
  });

  it('pass when there is none, whatever else is percent-encoded', async () => {
    const response = await app.inject({ method: 'POST', url: '/text/a%20b?id=1&name=%C3%A5%2000', payload: 'lat=57.7', headers: { 'content-type': 'text/plain' } });
    expect(response.statusCode).toBe(200);
  });
});
