import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { normalizeServerUrl } from './server-url.ts';

describe('normalizeServerUrl', () => {
  it('keeps a full URL and drops trailing slashes', () => {
    expect(normalizeServerUrl(' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl('https://Fleet.Example.com/tenant-a//')).toBe('https://fleet.example.com/tenant-a');
  });

  it('assumes https for a bare host', () => {
    expect(normalizeServerUrl('fleet.example.com')).toBe('https://fleet.example.com');
  });

  it.each([
    ['', 'Enter the fleet server address'],
    ['http://', 'not a valid server address'],
    ['ftp://fleet.example.com', 'must start with http'],
    ['http://bob:pw@fleet.example.com', 'user name or password'],
    ['http://fleet.example.com/?x=1', 'cannot contain'],
    ['http://exa mple.com', 'not a valid server address'],
  ])('rejects %j with a message naming the problem', (input, message) => {
    let caught: unknown;
    try {
      normalizeServerUrl(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BridgeError);
    expect((caught as BridgeError).code).toBe('bad-server-url');
    expect((caught as BridgeError).field).toBe('serverUrl');
    expect((caught as BridgeError).message).toContain(message);
  });
});
