import type { AccountIdentity as Account } from '../../../../contract/bridge/session.ts';

const storageKey = 'fleet-console.last-server-url';
export const defaultServerUrl = 'http://127.0.0.1:8080';

/**
 * The server address to prefill: the newest signed-in account's, else the last one used here,
 * else the local development server. Never the page's own origin — that is the console host,
 * not the fleet cloud.
 */
export function initialServerUrl(accounts: readonly Account[], storage: Pick<Storage, 'getItem'> | null): string {
  const newest = accounts.at(-1)?.serverUrl;
  if (newest) return newest;
  try {
    return storage?.getItem(storageKey) || defaultServerUrl;
  } catch {
    return defaultServerUrl;
  }
}

export function rememberServerUrl(url: string, storage: Pick<Storage, 'setItem'> | null): void {
  try {
    storage?.setItem(storageKey, url);
  } catch {
    // Storage can be disabled; the prefill is a convenience only.
  }
}
