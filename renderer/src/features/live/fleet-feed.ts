import { hashKey, type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../bridge/query-keys.ts';
import type { FleetStore } from './fleet-store.ts';
import type { FleetData } from './use-fleet.ts';

/**
 * Puts the workspace's fleet query data into the hot store: what is cached now, then each new
 * answer the moment the query cache holds it. Returns the unsubscribe function.
 *
 * Not through a React render: a component reading the query re-renders on a scheduled task, then
 * commits, then runs its effects — on the way to the first frame with vehicles that was 0.1–0.7 s
 * of other start-up work (the map's style and first frames) between the engine's answer and the
 * store (decision 0515). The query cache calls its listeners in the task that stores the answer.
 */
export function feedFleetStore(client: QueryClient, workspaceId: string, store: FleetStore): () => void {
  let fed: FleetData | undefined;
  const feed = (data: FleetData | undefined) => {
    // A refetch's success with structurally equal data keeps the same object: nothing to redo.
    if (!data || data === fed) return;
    // The start-up benchmark's timeline (bench/ui-first-paint.ts) places the fleet's arrival by this.
    if (!fed) performance.mark('fleet:fleet-in-store');
    fed = data;
    store.setDevices(data.devices);
    if (data.positions) store.applyPositions(data.positions);
  };
  const key = queryKeys.fleet(workspaceId);
  const hash = hashKey(key);
  feed(client.getQueryData<FleetData>(key));
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.query.queryHash !== hash) return;
    feed(event.query.state.data as FleetData | undefined);
  });
}
