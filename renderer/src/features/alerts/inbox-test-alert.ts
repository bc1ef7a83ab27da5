import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';

/** For the inbox's tests: an open overspeed alert of vehicle d0, changed by `change`. */
export const testAlert = (id: string, change: Partial<ConsoleAlert> = {}): ConsoleAlert => ({
  id,
  deviceId: 'd0',
  type: 'overspeed',
  severity: 'warning',
  status: 'open',
  message: 'Speed 112 km/h',
  openedAt: '2026-12-06T09:00:00.000Z',
  lastSeenAt: '2026-12-06T09:00:00.000Z',
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
