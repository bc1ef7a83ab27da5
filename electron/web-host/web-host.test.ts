import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebHostMessage } from '../../contract/bridge/transport.ts';
import { createServices, type Services } from '../core/create-services.ts';
import { launchCookie } from './launch-cookie.ts';
import { startWebHost, type WebHost } from './web-host.ts';

let host: WebHost;
let services: Services;
let cookie: string;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

beforeAll(async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  services = createServices({ logError: () => undefined });
  host = await startWebHost({ services, rendererDir });
  cookie = (await launchCookie(host.launchUrl)).header;
});

afterAll(async () => {
  await host.close();
  await services.close();
});

describe('web host', () => {
  it('listens on loopback only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('swaps the launch key for an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await get(new URL(host.launchUrl).search.replace(/^/, '/'));
    expect(res.status).toBe(303);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses pages without the key, with a page that says what to do', async () => {
    const res = await get('/');
    expect(res.status).toBe(401);
    expect(res.body).toContain('Open the console from the link it printed');
  });

  it('serves the renderer with a CSP once the cookie is set', async () => {
    const res = await get('/', { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>console</title>');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
    expect((await get('/assets/missing.js', { cookie })).status).toBe(404);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2fetc%2fpasswd', { cookie });
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('root:');
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const res = await get('/', { cookie, host: 'evil.example:80' });
    expect(res.status).toBe(421);
  });

  it('refuses bridge sockets without the cookie or from another origin', async () => {
    await expect(openSocket({ origin: host.origin })).rejects.toThrow(/403/);
    await expect(openSocket({ cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers bridge calls, validating the input', async () => {
    const ws = await openSocket({ cookie, origin: host.origin });
    const replies: WebHostMessage[] = [];
    ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as WebHostMessage));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'session.state', input: {} }));
    ws.send(JSON.stringify({ type: 'call', id: 2, method: 'session.signIn', input: { serverUrl: 'x', username: '', password: 'p' } }));
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'system.exec', input: {} }));
    await expect.poll(() => replies.length).toBe(3);
    const byId = new Map(replies.map((r) => [r.type === 'result' ? r.id : -1, r]));
    expect(byId.get(1)).toMatchObject({ ok: true, value: { accounts: [], workspaces: [], activeWorkspaceId: null } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'username' } });
    expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('system.exec') } });
    ws.close();
  });
});
