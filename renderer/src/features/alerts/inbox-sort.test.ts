import { describe, expect, it } from 'vitest';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { sortAlerts } from './inbox-sort.ts';

const alert = (id: string, openedAt: string, extra: Partial<ConsoleAlert> = {}) => ({ id, openedAt, deviceId: 'd1', severity: 'info', ...extra }) as ConsoleAlert;
const names: Record<string, string> = { d1: 'Van 10', d2: 'van 9', d3: 'Truck 1' };
const order = (items: ConsoleAlert[], sort: Parameters<typeof sortAlerts>[1]) => sortAlerts(items, sort, (d) => names[d] ?? '').map((a) => a.id);

const items = [
  alert('b', '2026-12-06T10:00:00.000Z', { severity: 'critical', deviceId: 'd2' }),
  alert('a', '2026-12-06T10:00:00.000Z', { severity: 'warning', deviceId: 'd1' }),
  alert('c', '2026-12-06T11:00:00.000Z', { severity: 'warning', deviceId: 'd3' }),
  alert('d', '2026-12-06T09:00:00.000Z', { severity: 'critical', deviceId: 'd1' }),
];

describe('sortAlerts', () => {
  it('puts the newest first and breaks ties by id, so alerts of one burst keep their order', () => {
    expect(order(items, 'newest')).toEqual(['c', 'a', 'b', 'd']);
    expect(order(items, 'oldest')).toEqual(['d', 'b', 'a', 'c']);
  });

  it('puts the most severe first, newest first within a severity', () => {
    expect(order(items, 'severity')).toEqual(['b', 'd', 'c', 'a']);
  });

  it('groups by vehicle name as people read it (numbers by value, case ignored)', () => {
    expect(order(items, 'vehicle')).toEqual(['c', 'b', 'a', 'd']);
  });

  it('leaves the list it was given alone', () => {
    const before = items.map((a) => a.id);
    sortAlerts(items, 'newest', () => '');
    expect(items.map((a) => a.id)).toEqual(before);
  });
});
