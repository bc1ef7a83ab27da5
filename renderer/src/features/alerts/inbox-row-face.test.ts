import { describe, expect, it } from 'vitest';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { sameRowFace } from './inbox-row-face.ts';
import { testAlert } from './inbox-test-alert.ts';

describe('sameRowFace', () => {
  const held = testAlert('a1', { details: { speedKmh: 112, limitKmh: 80 }, address: { kind: 'street', street: 'Avenyn 1', locality: 'Göteborg', source: 'builtin', approximate: false } });

  it('is the same row for the engine\'s queued copy of an acknowledgement: open and acknowledged rows look alike', () => {
    const acknowledged: ConsoleAlert = { ...held, status: 'acknowledged', acknowledgedBy: { id: 'u1', displayName: 'Sofia' }, acknowledgedAt: '2026-12-06T09:05:00.000Z', pendingActions: ['acknowledge'], version: 2 };
    expect(sameRowFace(held, acknowledged)).toBe(true);
  });

  it('is another row once resolved (a resolved row is dimmed)', () => {
    expect(sameRowFace(held, { ...held, status: 'resolved' })).toBe(false);
    expect(sameRowFace({ ...held, status: 'acknowledged' }, { ...held, status: 'resolved' })).toBe(false);
  });

  it('is the same row when fields the row does not show change', () => {
    expect(sameRowFace(held, { ...held, lastSeenAt: '2026-12-06T10:00:00.000Z', notes: [{ id: 'n1', text: 'seen', author: null, createdAt: '2026-12-06T10:00:00.000Z' }] })).toBe(true);
  });

  it.each<[string, Partial<ConsoleAlert>]>([
    ['severity', { severity: 'critical' }],
    ['message', { message: 'Speed 130 km/h' }],
    ['details (a new object: the message may word it differently)', { details: { speedKmh: 112, limitKmh: 80 } }],
    ['occurrences', { occurrences: 2 }],
    ['escalation', { escalatedAt: '2026-12-06T09:10:00.000Z' }],
    ['opening time (the age column)', { openedAt: '2026-12-06T09:01:00.000Z' }],
    ['address', { address: { kind: 'none' } }],
    ['assignee', { assignee: { id: 'u1', displayName: 'Sofia' } }],
    ['vehicle', { deviceId: 'd1' }],
    ['type', { type: 'harsh_braking' }],
  ])('is another row when the %s changes', (_what, change) => {
    expect(sameRowFace(held, { ...held, ...change })).toBe(false);
  });

  it('is another row when the assignee is renamed', () => {
    const assigned = { ...held, assignee: { id: 'u1', displayName: 'Sofia' } };
    expect(sameRowFace(assigned, { ...assigned, assignee: { id: 'u1', displayName: 'Sofia Berg' } })).toBe(false);
  });

  it('is another row for another alert', () => {
    expect(sameRowFace(held, { ...held, id: 'a2' })).toBe(false);
  });
});
