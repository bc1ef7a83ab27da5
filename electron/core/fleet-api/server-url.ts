import { BridgeError } from '../../../contract/bridge/bridge-error.ts';

/**
 * Accepts what people type into "Server URL" (a bare host:port, trailing slashes, mixed case)
 * and returns the canonical origin-plus-path the engine keys accounts by.
 */
export function normalizeServerUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new BridgeError('bad-server-url', 'Enter the fleet server address, e.g. https://fleet.example.com.', 'serverUrl');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new BridgeError('bad-server-url', `"${trimmed}" is not a valid server address.`, 'serverUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('bad-server-url', `The server address must start with http:// or https://, not ${url.protocol}//.`, 'serverUrl');
  }
  if (!url.hostname) throw new BridgeError('bad-server-url', `"${trimmed}" has no host name.`, 'serverUrl');
  if (url.username || url.password) {
    throw new BridgeError('bad-server-url', 'Do not put a user name or password in the server address.', 'serverUrl');
  }
  if (url.search || url.hash) {
    throw new BridgeError('bad-server-url', 'The server address cannot contain "?" or "#".', 'serverUrl');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
