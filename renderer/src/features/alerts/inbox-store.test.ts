import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertType } from '../../../../contract/api/alerts.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { filterInbox, noInboxFilter, type InboxFilter } from './inbox-filter.ts';
import { newestFirst, sortAlerts, type InboxSort } from './inbox-sort.ts';
import { AlertInboxStore, type InboxBatch } from './inbox-store.ts';
import { InboxView } from './inbox-view.ts';
import { testAlert } from './inbox-test-alert.ts';

const people = [{ id: 'u0', displayName: 'Erik' }, { id: 'u1', displayName: 'Anna' }, { id: 'u2', displayName: 'Bo' }];
const vehicleNames: Record<string, string> = { d0: 'Van 10', d1: 'van 9', d2: 'Truck 1', d3: 'Sweeper 2', d4: 'Sweeper 12' };
const groups: Record<string, string | null> = { d0: 'north', d1: 'south', d2: null, d3: 'north', d4: null };
const groupOf = (d: string) => groups[d] ?? null;
const vehicleName = (d: string) => vehicleNames[d] ?? '';

const alert = testAlert;

/** Random alerts over a few ids, vehicles, minutes (ties on purpose), types, states and assignees. */
const arbitraryAlert = fc
  .record({
    id: fc.integer({ min: 0, max: 24 }).map((n) => `a${String(n).padStart(2, '0')}`),
    deviceId: fc.constantFrom('d0', 'd1', 'd2', 'd3', 'd4'),
    minute: fc.integer({ min: 0, max: 5 }),
    type: fc.constantFrom<AlertType>('overspeed', 'low_battery', 'harsh_braking'),
    severity: fc.constantFrom('info', 'warning', 'critical' as const),
    status: fc.constantFrom('open', 'acknowledged', 'resolved' as const),
    assignee: fc.option(fc.constantFrom(...people), { nil: null }),
  })
  .map(({ minute, ...rest }) => alert(rest.id, { ...rest, openedAt: `2026-12-06T09:0${minute}:00.000Z` }));

type Step = { kind: 'replace'; items: ConsoleAlert[] } | { kind: 'patch'; asked: string[]; fresh: ConsoleAlert[] };
const arbitraryStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.uniqueArray(arbitraryAlert, { selector: (a) => a.id, maxLength: 20 }).map((items): Step => ({ kind: 'replace', items })) },
  {
    weight: 5,
    arbitrary: fc
      .record({ fresh: fc.uniqueArray(arbitraryAlert, { selector: (a) => a.id, maxLength: 8 }), gone: fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 4 }) })
      .map(({ fresh, gone }): Step => ({ kind: 'patch', fresh, asked: [...fresh.map((a) => a.id), ...gone.map((n) => `a${String(n).padStart(2, '0')}`)] })),
  },
);

const capacity = 15;

/** The same semantics, recomputed from scratch: what the store must equal after every step. */
function model(held: readonly ConsoleAlert[], step: Step): ConsoleAlert[] {
  const byId = new Map(step.kind === 'replace' ? [] : held.map((a) => [a.id, a]));
  if (step.kind === 'replace') for (const a of step.items) byId.set(a.id, a);
  else {
    const fresh = new Set(step.fresh.map((a) => a.id));
    for (const id of step.asked) if (!fresh.has(id)) byId.delete(id);
    for (const a of step.fresh) byId.set(a.id, a);
  }
  return [...byId.values()].sort(newestFirst).slice(0, capacity);
}

const views: { filter: InboxFilter; sort: InboxSort }[] = [
  { filter: noInboxFilter, sort: 'newest' },
  { filter: { ...noInboxFilter, show: 'open' }, sort: 'oldest' },
  { filter: { ...noInboxFilter, show: 'all', severity: 'critical' }, sort: 'severity' },
  { filter: { ...noInboxFilter, show: 'all', group: 'north', assignee: 'none' }, sort: 'vehicle' },
  { filter: { ...noInboxFilter, type: 'low_battery', assignee: 'u1' }, sort: 'newest' },
  { filter: { ...noInboxFilter, show: 'all' }, sort: 'vehicle' },
];

const ids = (items: readonly ConsoleAlert[]) => items.map((a) => a.id);

describe('the alert inbox store', () => {
  it('keeps its order, counters, options and views equal to a recompute from scratch, whatever the changes', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStep, { minLength: 1, maxLength: 30 }), (steps) => {
        const store = new AlertInboxStore(capacity);
        const followed = views.map(({ filter, sort }) => new InboxView(store, filter, sort, groupOf, vehicleName));
        store.subscribe((batch) => {
          for (const view of followed) view.follow(batch);
        });
        let held: ConsoleAlert[] = [];
        for (const step of steps) {
          if (step.kind === 'replace') store.replaceAll(step.items);
          else store.patch(step.asked, step.fresh);
          held = model(held, step);
          expect(ids(store.newestFirst())).toEqual(ids(held));
          expect(store.size).toBe(held.length);
          expect(store.openCount).toBe(held.filter((a) => a.status === 'open').length);
          expect(store.typeOptions()).toEqual([...new Set(held.map((a) => a.type))].sort());
          const assigned = new Map(held.flatMap((a) => (a.assignee ? [[a.assignee.id, a.assignee.displayName] as const] : [])));
          expect(store.assigneeOptions()).toEqual([...assigned].map(([id, name]) => ({ id, name })).sort((x, y) => x.name.localeCompare(y.name)));
          expect(new Set(store.alertingDevices())).toEqual(new Set(held.filter((a) => a.status !== 'resolved').map((a) => a.deviceId)));
          views.forEach(({ filter, sort }, k) => {
            const expected = sortAlerts(filterInbox(held, filter, groupOf), sort, vehicleName);
            expect(ids(followed[k]?.rows ?? [])).toEqual(ids(expected));
            // The rows hold the current objects, so a row shows the alert as it is now.
            followed[k]?.rows.forEach((a) => expect(store.get(a.id)).toBe(a));
            for (const [at, a] of expected.entries()) expect(followed[k]?.indexOf(a.id)).toBe(at);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves hundreds of alerts at once (a rebuild) as correctly as a few', () => {
    const store = new AlertInboxStore();
    store.replaceAll(Array.from({ length: 1000 }, (_, i) => alert(`a${String(i).padStart(4, '0')}`, { severity: i % 3 === 0 ? 'critical' : 'info' })));
    const view = new InboxView(store, noInboxFilter, 'severity', groupOf, vehicleName);
    store.subscribe((batch) => view.follow(batch));
    const resolved = store.newestFirst().slice(0, 600).map((a) => ({ ...a, status: 'resolved' as const }));
    store.patch(ids(resolved), resolved);
    expect(ids(view.rows)).toEqual(ids(sortAlerts(filterInbox(store.newestFirst(), noInboxFilter, groupOf), 'severity', vehicleName)));
    expect(view.rows).toHaveLength(400);
  });

  it('replaces an acknowledged alert in its place: the rows change, the options and the alerting vehicles do not', () => {
    const store = new AlertInboxStore();
    store.replaceAll([alert('a', { deviceId: 'd1' }), alert('b', { deviceId: 'd2' })]);
    const view = new InboxView(store, noInboxFilter, 'newest', groupOf, vehicleName);
    const batches: InboxBatch[] = [];
    store.subscribe((batch) => {
      batches.push(batch);
      view.follow(batch);
    });
    const types = store.typeOptions();
    expect(store.takeAlertingChanged()).toBe(true);
    const rowsBefore = view.rows;
    const acknowledged = alert('b', { deviceId: 'd2', status: 'acknowledged' });
    store.patch(['b'], [acknowledged]);
    expect(view.rows).not.toBe(rowsBefore);
    expect(view.rows[1]).toBe(acknowledged);
    expect(store.typeOptions()).toBe(types);
    expect(store.takeAlertingChanged()).toBe(false);
    expect(store.openCount).toBe(1);
    expect(batches).toEqual([{ first: false, changes: [{ before: rowsBefore[1], after: acknowledged }] }]);
  });

  it('marks only the first load as the backlog, and sends no batch for a read that changed nothing', () => {
    const store = new AlertInboxStore();
    const batches: InboxBatch[] = [];
    store.subscribe((batch) => batches.push(batch));
    const items = [alert('a'), alert('b')];
    store.replaceAll(items);
    store.replaceAll(items);
    store.patch(['c'], [alert('c')]);
    expect(batches.map((b) => [b.first, b.changes.length])).toEqual([[true, 2], [false, 1]]);
  });

  it('catches up a view that missed batches (built before its subscription) by building it again', () => {
    const store = new AlertInboxStore();
    store.replaceAll([alert('a')]);
    const view = new InboxView(store, noInboxFilter, 'newest', groupOf, vehicleName);
    store.patch(['b'], [alert('b', { openedAt: '2026-12-06T10:00:00.000Z' })]);
    expect(ids(view.current())).toEqual(['b', 'a']);
    store.subscribe((batch) => view.follow(batch));
    store.patch(['a'], []);
    expect(ids(view.current())).toEqual(['b']);
  });
  it('applies field changes to the alerts it holds, in order, as one batch; ignores alerts it does not hold', () => {
    const store = new AlertInboxStore();
    store.replaceAll([alert('a', { deviceId: 'd1' }), alert('b', { deviceId: 'd2' })]);
    const view = new InboxView(store, { ...noInboxFilter, show: 'open' }, 'newest', groupOf, vehicleName);
    const batches: InboxBatch[] = [];
    store.subscribe((batch) => {
      batches.push(batch);
      view.follow(batch);
    });
    const [a, b] = [store.get('a'), store.get('b')];
    const erik = people[0] ?? null;
    store.applyFieldChanges([
      { ids: ['a', 'b', 'zz'], set: { status: 'acknowledged', acknowledgedBy: erik, pendingActions: ['acknowledge'] } },
      // The server's answer for one of them, in the same event: applied on top of the first.
      { ids: ['b'], set: { version: 2, pendingActions: [] } },
    ]);
    expect(store.get('a')).toEqual({ ...a, status: 'acknowledged', acknowledgedBy: erik, pendingActions: ['acknowledge'] });
    expect(store.get('b')).toEqual({ ...b, status: 'acknowledged', acknowledgedBy: erik, version: 2, pendingActions: [] });
    expect(store.get('zz')).toBeUndefined();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes.map((c) => [c.before, c.after])).toEqual([[a, store.get('a')], [b, store.get('b')]]);
    expect(store.openCount).toBe(0);
    expect(view.rows).toEqual([]);
  });

  it('leaves field changes that arrive before the first load to that load', () => {
    const store = new AlertInboxStore();
    store.applyFieldChanges([{ ids: ['a'], set: { status: 'acknowledged', pendingActions: [] } }]);
    expect(store.loaded).toBe(false);
    expect(store.size).toBe(0);
  });
});
