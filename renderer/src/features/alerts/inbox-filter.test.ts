import { describe, expect, it } from 'vitest';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { filterInbox, noInboxFilter } from './inbox-filter.ts';

const alert = (id: string, extra: Partial<ConsoleAlert>) => ({ id, deviceId: 'd1', type: 'overspeed', severity: 'warning', status: 'open', assignee: null, ...extra }) as ConsoleAlert;
const items = [
  alert('a', {}),
  alert('b', { type: 'low_battery', severity: 'critical', deviceId: 'd2', assignee: { id: 'u1', displayName: 'Erik' } }),
  alert('c', { status: 'acknowledged', deviceId: 'd3' }),
  alert('d', { status: 'resolved', assignee: { id: 'u2', displayName: 'Anna' } }),
];
const groups: Record<string, string | null> = { d1: 'north', d2: 'south', d3: null };
const ids = (f: Partial<typeof noInboxFilter>) => filterInbox(items, { ...noInboxFilter, ...f }, (d) => groups[d] ?? null).map((a) => a.id);

describe('inbox filters', () => {
  it('combines status, severity, type, group and assignee', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ show: 'open' })).toEqual(['a', 'b']);
    expect(ids({ show: 'all', severity: 'warning' })).toEqual(['a', 'c', 'd']);
    expect(ids({ type: 'low_battery' })).toEqual(['b']);
    expect(ids({ group: 'north' })).toEqual(['a']);
    expect(ids({ group: 'none' })).toEqual(['c']);
    expect(ids({ assignee: 'none' })).toEqual(['a', 'c']);
    expect(ids({ show: 'all', assignee: 'u2' })).toEqual(['d']);
  });
});
