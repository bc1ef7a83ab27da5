import { BridgeError } from '../../../contract/bridge/bridge-error.ts';

/**
 * Accepts what people type into "Server URL" (a bare host:port, trailing slashes, mixed case)
 * and returns the canonical origin-plus-path the engine keys accounts by.
 */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new BridgeError('bad-server-url', 'Enter the fleet server address, e.g. https://fleet.example.com.', 'serverUrl', { reason: 'server-url-empty' });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new BridgeError('bad-server-url', `"${trimmed}" is not a valid server address.`, 'serverUrl', { reason: 'server-url-invalid', params: { url: trimmed } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('bad-server-url', `The server address must start with http:// or https://, not ${url.protocol}//.`, 'serverUrl', {
      reason: 'server-url-protocol',
      params: { protocol: url.protocol },
    });
  }
  if (!url.hostname) throw new BridgeError('bad-server-url', `"${trimmed}" has no host name.`, 'serverUrl', { reason: 'server-url-no-host', params: { url: trimmed } });
  if (url.username || url.password) {
    throw new BridgeError('bad-server-url', 'Do not put a user name or password in the server address.', 'serverUrl', { reason: 'server-url-credentials' });
  }
  if (url.search || url.hash) {
    throw new BridgeError('bad-server-url', 'The server address cannot contain "?" or "#".', 'serverUrl', { reason: 'server-url-query' });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
