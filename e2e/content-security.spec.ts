import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { expect, test } from './fixtures.ts';

/**
 * Issue 15 S9: the console page's only WebSocket is its bridge to its own host. A socket to any
 * other origin — here a real WebSocket server on another loopback port, so "refused" cannot be a
 * closed port — is refused by Chromium under the page's Content-Security-Policy and never arrives
 * (docs/decisions/0141-renderer-connections-and-the-csp.md).
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
