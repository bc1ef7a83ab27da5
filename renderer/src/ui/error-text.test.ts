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

  it('words a refused report with its limit, so the manager knows what to change', () => {
    expect(reasonText('report-too-large', { limit: 100_000, count: 123_456 })).toBe('This report would list 123,456 rows; one report lists at most 100,000. Choose a shorter period or fewer vehicles.');
    expect(reasonText('report-period-outside-retention', { retentionDays: 90, earliest: '2026-09-08' })).toBe(
      'This account keeps its records for 90 days, so a report can start on 8 September 2026 at the earliest; choose a later “from” day.',
    );
    expect(reasonText('report-not-offline', { kind: 'trips', earliest: '2026-12-01' })).toMatch(/^Offline, this computer holds trips from 1 December 2026 on/);
    expect(reasonText('report-not-offline', { kind: 'daily-summary', earliest: '' })).toMatch(/needs the fleet server/);
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
