import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { expect, test } from './fixtures.ts';

/**
 * Issue 15 S9: the console page connects to its own host only. Its one WebSocket is the bridge; a
 * tenant's online map is read through the host's map gateway. A socket or a fetch to any other
 * origin — here real servers on other loopback ports, so "refused" cannot be a closed port — is
 * refused by Chromium under the page's Content-Security-Policy and never arrives; and the gateway
 * will not fetch it for the page either (docs/decisions/0240-map-gateway.md).
 */

interface Attempt { violation: string | null; opened: boolean }
/** What the page sees when it opens a socket to `url`: a CSP violation (directive) or an open socket. */
const tryWebSocket = (url: string) => `new Promise((resolve) => {
  const seen = { violation: null, opened: false };
  document.addEventListener('securitypolicyviolation', (e) => { seen.violation = e.effectiveDirective + ' ' + e.blockedURI; resolve(seen); }, { once: true });
  try {
    const socket = new WebSocket(${JSON.stringify(url)});
    socket.onopen = () => { seen.opened = true; socket.close(); resolve(seen); };
    socket.onerror = () => setTimeout(() => resolve(seen), 0);
  } catch (error) {
    seen.violation = seen.violation ?? 'thrown ' + String(error);
    resolve(seen);
  }
})`;

/** What the page sees when it fetches `url`: a CSP violation (directive and address) or the HTTP status. */
const tryFetch = (url: string) => `new Promise((resolve) => {
  const seen = { violation: null, status: null };
  document.addEventListener('securitypolicyviolation', (e) => { seen.violation = e.effectiveDirective + ' ' + e.blockedURI; }, { once: true });
  fetch(${JSON.stringify(url)}).then((r) => { seen.status = r.status; resolve(seen); }, () => setTimeout(() => resolve(seen), 0));
})`;

test('a script in the console page cannot fetch another origin, directly or through the map gateway', async ({ consolePage: page }) => {
  let arrived = 0;
  const elsewhere = createServer((_req, res) => {
    arrived++;
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('secret');
  });
  try {
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    await expect(page.getByLabel('Server URL')).toBeVisible({ timeout: 30_000 });
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/exfiltrate`;

    const direct = (await page.evaluate(tryFetch(target))) as { violation: string | null; status: number | null };
    expect(direct.status).toBeNull();
    expect(direct.violation).toBe(`connect-src ${target}`);

    // The gateway is the page's own origin, but it fetches only the workspace's map source.
    const viaGateway = (await page.evaluate(`fetch('/map-gateway?url=' + encodeURIComponent(${JSON.stringify(target)}))
      .then((r) => ({ status: r.status, problem: r.headers.get('x-map-gateway-problem') }))`)) as { status: number; problem: string | null };
    expect(viaGateway).toEqual({ status: 403, problem: 'refused' });
    expect(arrived).toBe(0);
  } finally {
    await new Promise((resolve) => elsewhere.close(resolve));
  }
});

test('the console reaches its own host over the bridge and no other host by WebSocket', async ({ consolePage: page }) => {
  const elsewhere = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let arrived = 0;
  elsewhere.on('connection', () => arrived++);
  try {
    await new Promise((resolve) => elsewhere.once('listening', resolve));
    // The sign-in form appears only once the engine answered over the bridge socket ('self').
    await expect(page.getByLabel('Server URL')).toBeVisible({ timeout: 30_000 });

    const port = (elsewhere.address() as AddressInfo).port;
    const attempt = (await page.evaluate(tryWebSocket(`ws://127.0.0.1:${port}/exfiltrate`))) as Attempt;
    expect(attempt.opened).toBe(false);
    expect(attempt.violation).toMatch(/^connect-src ws:\/\/127\.0\.0\.1:\d+/);
    expect(arrived).toBe(0);
  } finally {
    await new Promise((resolve) => elsewhere.close(resolve));
  }
});
