import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { errorText, reasonText } from './error-text.ts';

describe('the error catalogue', () => {
  it('words a reason from its parameters, not from the English message', () => {
    const error = new BridgeError('invalid-input', 'shape.points: …', 'shape.points', { reason: 'polygon-self-crossing', params: { edge: 2, otherEdge: 4 } });
    expect(errorText(error)).toBe("The polygon's edges cross (corners 2 and 4); move a corner so the outline does not cross itself.");
    expect(reasonText('sign-in-throttled', { retryAfterSeconds: 45 })).toBe('Too many failed sign-ins. Try again in 45 seconds.');
    expect(reasonText('not-found', { kind: 'geofence' })).toBe('There is no such geofence (it may have been deleted).');
  });

  it('words a plan limit with its numbers, and the rate limits with their waits', () => {
    expect(reasonText('plan-limit-reached', { limit: 'maxUnits', max: 1, used: 1 })).toBe("The account's plan allows 1 vehicle, and 1 is assigned. Unassign one first, or raise “Max vehicles” in the account's plan.");
    expect(reasonText('plan-limit-reached', { limit: 'maxUsers', max: 5, used: 5 })).toMatch(/^The account's plan allows 5 members, and 5 are taken\./);
    expect(reasonText('api-rate-limited', { retryAfterSeconds: 2, ratePerSecond: 50 })).toBe('This account sends more requests than its plan allows (50 per second); retry in 2 seconds.');
  });

  it('names the field and the rule of a schema violation', () => {
    expect(reasonText('schema-violation', { field: 'name', rule: 'maxLength', limit: 120 })).toBe('“name” may be at most 120 characters long.');
    expect(reasonText('schema-violation', { field: 'password', rule: 'required' })).toBe('“password” is required.');
  });

  it('keeps the message of a failure without a known reason, and never shows a stack or a non-engine error', () => {
    expect(errorText(new BridgeError('forbidden', 'The vault is locked.'))).toBe('The vault is locked.');
    expect(errorText(new BridgeError('conflict', '', undefined, { reason: undefined }))).toMatch(/Someone else changed this/);
    expect(reasonText('a-reason-from-a-newer-server', {})).toBeNull();
    expect(errorText(new Error('TypeError: x is undefined'))).toMatch(/Something went wrong/);
  });
});
