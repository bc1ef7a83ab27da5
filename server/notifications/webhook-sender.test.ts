import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookSignatureHeader, webhookTimestampHeader } from '../../contract/api/notifications.ts';
import { sendWebhook } from './webhook-sender.ts';
import { signWebhook } from './webhook-signature.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A receiver on this machine; answers with `answer`; counts the TCP connections it accepted. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => answer(req, res, body));
  });
  const seen = { connections: 0 };
  server.on('connection', () => seen.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const call = (url: string, body = '{"event":"alert.opened"}') => ({ url, secret: 'whsec_test', event: 'alert.opened', deliveryId: 'd1', body });
const local = { allowPrivate: true };

describe('sendWebhook', () => {
  it('signs the exact body and sends calls to one receiver over one kept-open connection', async () => {
    const bodies: { body: string; signature: string | undefined; timestamp: string | undefined }[] = [];
    const { seen, url } = await receiver((req, res, body) => {
      bodies.push({ body, signature: req.headers[webhookSignatureHeader.toLowerCase()] as string | undefined, timestamp: req.headers[webhookTimestampHeader.toLowerCase()] as string | undefined });
      res.writeHead(204).end();
    });
    for (let i = 0; i < 5; i++) expect(await sendWebhook(call(url, `{"n":${i}}`), local)).toMatchObject({ ok: true, httpStatus: 204, error: null });
    expect(bodies.map((b) => b.body)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    for (const b of bodies) expect(b.signature).toBe(signWebhook('whsec_test', Number(b.timestamp), b.body));
    expect(seen.connections).toBe(1);
  });

  it('sends again on a new connection when the receiver closed the kept one', async () => {
    const { server, seen, url } = await receiver((_req, res) => res.writeHead(200).end('ok'));
    server.keepAliveTimeout = 20;
    expect(await sendWebhook(call(url), local)).toMatchObject({ ok: true, httpStatus: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await sendWebhook(call(url), local)).toMatchObject({ ok: true, httpStatus: 200 });
    expect(seen.connections).toBe(2);
  });

  it('does not follow a redirect: the call failed with its status', async () => {
    const followed: string[] = [];
    const { url } = await receiver((req, res) => {
      if (req.url === '/elsewhere') followed.push(req.url);
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    expect(await sendWebhook(call(url), local)).toMatchObject({ ok: false, httpStatus: 302, error: 'http-status' });
    expect(followed).toEqual([]);
  });

  it('names a refused connection, a receiver that does not answer in time and a refused address', async () => {
    const { server, url } = await receiver(() => undefined);
    expect(await sendWebhook(call(url), { ...local, timeoutMs: 200 })).toMatchObject({ ok: false, httpStatus: null, error: 'timeout' });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(await sendWebhook(call(url), local)).toMatchObject({ ok: false, error: 'connection-refused' });
    expect(await sendWebhook(call(url), { allowPrivate: false })).toMatchObject({ ok: false, error: 'address-refused' });
  });
});
