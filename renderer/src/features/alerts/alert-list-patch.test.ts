import { describe, expect, it } from 'vitest';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { patchAlertList } from './alert-list-patch.ts';

const alert = (id: string, minute: number, change: Partial<ConsoleAlert> = {}): ConsoleAlert => ({
  id,
  deviceId: 'd1',
  type: 'overspeed',
  severity: 'warning',
  status: 'open',
  message: 'Speed 112 km/h',
  openedAt: `2026-12-06T09:${String(minute).padStart(2, '0')}:00.000Z`,
  lastSeenAt: `2026-12-06T09:${String(minute).padStart(2, '0')}:00.000Z`,
  occurrences: 1,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  assignee: null,
  notes: [],
  details: {},
  address: { kind: 'none' },
  version: 1,
  pendingActions: [],
  ...change,
});

describe('patching the inbox with the alerts that changed', () => {
  const list = { workspaceId: 'w', items: [alert('c', 30), alert('b', 20), alert('a', 10)] };

  it('replaces changed alerts in place and keeps the others as they were (same objects)', () => {
    const acknowledged = alert('b', 20, { status: 'acknowledged', version: 2, pendingActions: ['acknowledge'] });
    const next = patchAlertList(list, ['b'], [acknowledged]);
    expect(next.items.map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect(next.items[1]).toBe(acknowledged);
    expect(next.items[0]).toBe(list.items[0]);
  });

  it('adds new alerts newest first and drops ids the engine no longer has', () => {
    const next = patchAlertList(list, ['d', 'a', 'e'], [alert('d', 25), alert('e', 40)]);
    expect(next.items.map((a) => a.id)).toEqual(['e', 'c', 'd', 'b']);
  });
});
