import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestClient } from './ingest-client.ts';

/** A real HTTP server that answers each request with the next of `answers` (then 200). */
async function serverAnswering(answers: { status: number; retryAfter?: string }[]) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = answers.shift() ?? { status: 200 };
    if (answer.retryAfter !== undefined) res.setHeader('retry-after', answer.retryAfter);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.status === 200 ? '{}' : JSON.stringify({ error: 'internal', message: 'busy' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('the simulator ingest client', () => {
  it('sends a report again after a 503 or 429 Retry-After, as a tracker does, and counts it once', async () => {
    const { server, seen, url } = await serverAnswering([{ status: 503, retryAfter: '0' }, { status: 429, retryAfter: '0' }]);
    servers.push(server);
    const client = new IngestClient({ server: url, concurrency: 1, maxQueued: 10 });
    client.sendSingle({ method: 'GET', path: '/?id=unit-1&lat=57.7&lon=11.9', contentType: null, body: null });
    await client.drained();
    client.close();
    expect(seen).toHaveLength(3);
    expect(client.stats).toMatchObject({ sent: 1, accepted: 1, deferred: 2, failed: 0, rejected: 0, problems: [] });
  });

  it('counts a 503 without Retry-After as failed, with the server\'s words', async () => {
    const { server, url } = await serverAnswering([{ status: 503 }]);
    servers.push(server);
    const client = new IngestClient({ server: url, concurrency: 1, maxQueued: 10 });
    client.sendSingle({ method: 'GET', path: '/?id=unit-1', contentType: null, body: null });
    await client.drained();
    client.close();
    expect(client.stats).toMatchObject({ sent: 1, accepted: 0, deferred: 0, failed: 1 });
    expect(client.stats.problems[0]).toMatch(/^HTTP 503: .*busy/);
  });
});
