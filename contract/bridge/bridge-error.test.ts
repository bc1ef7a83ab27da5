import { describe, expect, it } from 'vitest';
import { BridgeError } from './bridge-error.ts';
import { validateBridgeInput } from './validate-input.ts';

describe('BridgeError as data', () => {
  it('carries the reason and its parameters across the process boundary', () => {
    const error = new BridgeError('throttled', 'Too many failed sign-ins.', undefined, { reason: 'sign-in-throttled', params: { retryAfterSeconds: 90 } });
    const data = error.toData();
    expect(data).toEqual({ code: 'throttled', message: 'Too many failed sign-ins.', reason: 'sign-in-throttled', params: { retryAfterSeconds: 90 } });
    const back = BridgeError.fromData(JSON.parse(JSON.stringify(data)));
    expect(back).toMatchObject({ code: 'throttled', reason: 'sign-in-throttled', params: { retryAfterSeconds: 90 } });
  });

  it('reports a schema violation with the field and the rule', () => {
    try {
      validateBridgeInput('session.signIn', { serverUrl: 'http://x', username: 'u' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid-input', field: 'password', reason: 'schema-violation', params: { field: 'password', rule: 'required' } });
    }
  });
});
