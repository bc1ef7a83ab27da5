import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { checkSignInForm, hasProblems, placeSignInError } from './sign-in-errors.ts';

describe('placeSignInError', () => {
  it('puts an error next to the field the engine named', () => {
    const wrong = new BridgeError('wrong-credentials', 'Wrong username or password.', 'password');
    expect(placeSignInError(wrong)).toEqual({ fields: { password: 'Wrong username or password.' }, form: null });
  });

  it('treats a malformed URL as the server field even without a field name', () => {
    const bad = new BridgeError('bad-server-url', 'Server URL must start with http:// or https://.');
    expect(placeSignInError(bad).fields.serverUrl).toMatch(/http/);
  });

  it('shows unreachable, throttled and unknown-field errors for the whole form, message intact', () => {
    const throttled = new BridgeError('throttled', 'Too many attempts. Try again in 30 seconds.');
    expect(placeSignInError(throttled)).toEqual({
      fields: {},
      form: 'Too many attempts. Try again in 30 seconds.',
      focus: 'password',
    });
    const down = new BridgeError('server-unreachable', 'Cannot reach http://10.0.0.9:8080.');
    expect(placeSignInError(down)).toMatchObject({ form: 'Cannot reach http://10.0.0.9:8080.', focus: 'serverUrl' });
    const odd = new BridgeError('invalid-input', 'otp is required', 'otp');
    expect(placeSignInError(odd).form).toBe('otp is required');
    expect(placeSignInError(new Error('boom')).form).toMatch(/unexpectedly/);
  });
});

describe('sign-in errors are worded from their reason codes', () => {
  it('words a throttled sign-in from its parameters, whatever the English message said', () => {
    const throttled = new BridgeError('throttled', 'ignored', undefined, { reason: 'sign-in-throttled', params: { retryAfterSeconds: 90 } });
    expect(placeSignInError(throttled)).toEqual({ fields: {}, form: 'Too many failed sign-ins. Try again in 2 minutes.', focus: 'password' });
    const wrong = new BridgeError('wrong-credentials', 'ignored', 'password', { reason: 'wrong-credentials' });
    expect(placeSignInError(wrong).fields.password).toBe('The username or password is wrong.');
    const protocol = new BridgeError('bad-server-url', 'ignored', 'serverUrl', { reason: 'server-url-protocol', params: { protocol: 'ftp:' } });
    expect(placeSignInError(protocol).fields.serverUrl).toBe('The server address must start with http:// or https://, not ftp://.');
  });
});

describe('checkSignInForm', () => {
  it('names every empty field and accepts a complete form', () => {
    const problems = checkSignInForm({ serverUrl: ' ', username: '', password: '' });
    expect(Object.keys(problems.fields)).toEqual(['serverUrl', 'username', 'password']);
    expect(hasProblems(checkSignInForm({ serverUrl: 'http://x', username: 'u', password: ' ' }))).toBe(false);
  });
});
