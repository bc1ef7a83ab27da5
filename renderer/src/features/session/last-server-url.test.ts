import { describe, expect, it } from 'vitest';
import type { AccountIdentity as Account } from '../../../../contract/bridge/session.ts';
import { defaultServerUrl, initialServerUrl, rememberServerUrl } from './last-server-url.ts';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
};
const account = (serverUrl: string): Account => ({ accountId: serverUrl, serverUrl, username: 'u', displayName: 'U' });

describe('initialServerUrl', () => {
  it('prefers the newest signed-in account, then the last one used, then the local server', () => {
    const storage = memoryStorage();
    expect(initialServerUrl([], storage)).toBe(defaultServerUrl);
    rememberServerUrl('https://fleet.example.com', storage);
    expect(initialServerUrl([], storage)).toBe('https://fleet.example.com');
    expect(initialServerUrl([account('https://a.example'), account('https://b.example')], storage)).toBe('https://b.example');
  });

  it('still prefills when storage is unavailable or throws', () => {
    expect(initialServerUrl([], null)).toBe(defaultServerUrl);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(() => rememberServerUrl('x', broken)).not.toThrow();
    expect(initialServerUrl([], broken)).toBe(defaultServerUrl);
  });
});
