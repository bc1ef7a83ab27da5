import { describe, expect, it } from 'vitest';
import type { AlertFieldChanges, ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { isWaiting, noneSending, withoutSending, withSending } from './inbox-sending.ts';
import { AlertInboxStore } from './inbox-store.ts';
import { testAlert } from './inbox-test-alert.ts';

const alert = testAlert;

describe('alerts waiting to send from the key press', () => {
  it('marks the acted-on alerts at once, until the engine\'s copy replaces them; the mark then comes from the queue', () => {
    const store = new AlertInboxStore();
    store.replaceAll([alert('a1'), alert('a2'), alert('a3')]);
    const sending = withSending(noneSending, ['a1', 'a2', 'gone'], store);
    expect([...sending.keys()]).toEqual(['a1', 'a2']);
    expect(['a1', 'a2', 'a3'].map((id) => isWaiting(sending, store.get(id) as ConsoleAlert))).toEqual([true, true, false]);
    // The engine queued a1 (its copy carries the pending action) and refused a2 (its copy has none).
    const queued: AlertFieldChanges = { ids: ['a1'], set: { status: 'acknowledged', pendingActions: ['acknowledge'] } };
    const refused: AlertFieldChanges = { ids: ['a2'], set: { version: 2, pendingActions: [] } };
    store.applyFieldChanges([queued, refused]);
    expect(isWaiting(sending, store.get('a1') as ConsoleAlert)).toBe(true);
    expect(isWaiting(sending, store.get('a2') as ConsoleAlert)).toBe(false);
  });

  it('forgets the alerts of a settled action, and keeps the same map when it held none of them', () => {
    const store = new AlertInboxStore();
    store.replaceAll([alert('a1'), alert('a2')]);
    const sending = withSending(withSending(noneSending, ['a1'], store), ['a2'], store);
    expect([...withoutSending(sending, ['a1']).keys()]).toEqual(['a2']);
    expect(withoutSending(sending, ['a3'])).toBe(sending);
    expect(withoutSending(sending, ['a1', 'a2'])).toBe(noneSending);
  });
});
