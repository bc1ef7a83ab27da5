import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../../app/query-client.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { feedFleetStore } from './fleet-feed.ts';
import { FleetStore } from './fleet-store.ts';
import type { FleetData } from './use-fleet.ts';
import { testDevice } from './live-view-test-fleet.ts';

const fleetOf = (...ids: string[]): FleetData => ({ devices: ids.map((id) => testDevice(id)), positions: null, settings: null, sync: null, source: 'snapshot' });

describe('feedFleetStore', () => {
  it('fills the store from a fleet already cached, at once', () => {
    const client = createQueryClient();
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('a', 'b'));
    const store = new FleetStore();
    const stop = feedFleetStore(client, 'w1', store);
    expect(store.ids).toEqual(['a', 'b']);
    stop();
  });

  it('puts a new answer in the store inside the cache write, before any render could run', () => {
    const client = createQueryClient();
    const store = new FleetStore();
    const stop = feedFleetStore(client, 'w1', store);
    expect(store.count).toBe(0);
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('a'));
    // Synchronously: no await, no timer between the answer and the store.
    expect(store.ids).toEqual(['a']);
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('a', 'c'));
    expect(store.ids).toEqual(['a', 'c']);
    stop();
  });

  it('leaves the store alone for an equal answer, another workspace, or after unsubscribing', () => {
    const client = createQueryClient();
    const store = new FleetStore();
    const stop = feedFleetStore(client, 'w1', store);
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('a'));
    const version = store.version;
    // Structural sharing keeps the cached object for an equal answer: nothing is redone.
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('a'));
    expect(store.version).toBe(version);
    client.setQueryData(queryKeys.fleet('w2'), fleetOf('x', 'y'));
    expect(store.ids).toEqual(['a']);
    stop();
    client.setQueryData(queryKeys.fleet('w1'), fleetOf('b'));
    expect(store.ids).toEqual(['a']);
  });
});
