import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceAnswerSummary, quietDeviceRequests } from './device-request-log.ts';

type Line = Record<string, unknown> & { msg?: string; level?: number };

/** A Fastify app logging to an array: device routes in a plugin with quiet request logs, one API route beside them. */
async function appLogging(level: string): Promise<{ app: FastifyInstance; lines: Line[] }> {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  const app = Fastify({ logger: { level, stream } });
  await app.register(async (devices) => {
    quietDeviceRequests(devices, 1000);
    devices.get('/report', async (request) => {
      request.log.info('an info line of a device request');
      request.log = request.log.child({ tenantId: 'tenant-1' });
      request.log.warn({ uniqueId: 'u1' }, 'a device warning');
      return 'stored';
    });
    devices.get('/broken', async () => {
      throw new Error('the database went away');
    });
  });
  app.get('/api/thing', async () => 'ok');
  await app.ready();
  return { app, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('device request logging', () => {
  it('writes warnings and errors of device requests with their request id and tenant, and no line per request', async () => {
    const { app, lines } = await appLogging('info');
    expect((await app.inject({ url: '/report' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/broken' })).statusCode).toBe(500);
    expect((await app.inject({ url: '/api/thing' })).statusCode).toBe(200);
    await app.close();

    const warning = lines.find((l) => l.msg === 'a device warning');
    expect(warning).toMatchObject({ level: 40, tenantId: 'tenant-1', uniqueId: 'u1' });
    expect(warning?.reqId).toBeDefined();
    const failed = lines.filter((l) => (l.level ?? 0) >= 50);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((l) => l.reqId !== undefined)).toBe(true);
    expect(lines.some((l) => l.msg === 'an info line of a device request')).toBe(false);
    // Only the API request writes its request lines.
    const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
    expect(requestLines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(requestLines[0]?.req).toMatchObject({ url: '/api/thing' });
  });

  it('sums the answers up once per interval, and writes nothing when there were none', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { app, lines } = await appLogging('info');
    for (const url of ['/report', '/report', '/broken']) await app.inject({ url });
    vi.advanceTimersByTime(1000);
    const summaries = () => lines.filter((l) => l.msg?.startsWith('device reports answered'));
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]).toMatchObject({ level: 30, msg: 'device reports answered in the last 1 s: 3 (3.0/s)', answered: { 200: 2, '5xx': 1 } });
    vi.advanceTimersByTime(1000);
    expect(summaries()).toHaveLength(1);
    await app.close();
  });

  it('logs device requests like any other at debug level', async () => {
    const { app, lines } = await appLogging('debug');
    await app.inject({ url: '/report' });
    await app.close();
    expect(lines.some((l) => l.msg === 'an info line of a device request')).toBe(true);
    expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(1);
  });

  it('keeps errors at level error (warnings are below it then)', async () => {
    const { app, lines } = await appLogging('error');
    await app.inject({ url: '/report' });
    await app.inject({ url: '/broken' });
    await app.close();
    expect(lines.some((l) => l.msg === 'a device warning')).toBe(false);
    expect(lines.some((l) => (l.level ?? 0) >= 50 && l.reqId !== undefined)).toBe(true);
  });

  it('works without a logger', async () => {
    const app = Fastify({ logger: false });
    await app.register(async (devices) => {
      quietDeviceRequests(devices);
      devices.get('/report', async (request) => {
        request.log.warn('nowhere');
        return 'stored';
      });
    });
    expect((await app.inject({ url: '/report' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('DeviceAnswerSummary', () => {
  it('counts 200 apart from the other classes and starts over after each summary', () => {
    const summary = new DeviceAnswerSummary();
    expect(summary.take(60)).toBeNull();
    for (const status of [200, 200, 404, 429, 503, 400]) summary.answered(status);
    expect(summary.take(60)).toEqual({ message: 'device reports answered in the last 60 s: 6 (0.1/s)', answered: { 200: 2, '4xx': 3, '5xx': 1 } });
    expect(summary.take(60)).toBeNull();
  });
});
