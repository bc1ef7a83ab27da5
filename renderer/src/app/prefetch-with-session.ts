import { hashKey, type QueryClient } from '@tanstack/react-query';
import type { ConsoleBridge } from '../../../contract/bridge/console-bridge.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import { queryKeys } from '../bridge/query-keys.ts';
import { fleetQuery } from '../features/live/use-fleet.ts';
import { prefetchShippedBasemap } from '../features/map/basemap-files.ts';

/**
 * Asks for the active workspace's fleet (and, for a window that shows the map, the shipped
 * basemap's files) the moment a session state naming it lands in the query cache — from the
 * engine's first answer, a sign-in, or a workspace switch — before React renders the workspace.
 *
 * Why not in an effect of the component that reads the session: the session's answer renders the
 * whole workspace in one task (the workspace chunk is preloaded), and its effects run in that same
 * task after MapLibre's map is created (context, painter, style: 0.3–0.9 s of main thread on
 * software GL). The engine answers from its cache in a few milliseconds, but the page only reads
 * the answer once that task and the map's first frames are done: the vehicles were drawn up to a
 * second after the map could have drawn them (decision 0515). Asked here, the fleet's answer is
 * usually in the cache when the workspace first renders, so the hot store starts full.
 * Returns the unsubscribe function.
 */
export function prefetchWithSession(client: QueryClient, bridge: ConsoleBridge, options: { showsMap: boolean }): () => void {
  const prefetch = (state: SessionState | undefined) => {
    const workspaceId = state?.activeWorkspaceId;
    if (!workspaceId) return;
    void client.prefetchQuery(fleetQuery(bridge, workspaceId));
    if (options.showsMap) prefetchShippedBasemap();
  };
  // A session already in the cache (a remount) counts too; prefetching twice asks once.
  prefetch(client.getQueryData<SessionState>(queryKeys.session));
  const sessionHash = hashKey(queryKeys.session);
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.query.queryHash !== sessionHash) return;
    prefetch(event.query.state.data as SessionState | undefined);
  });
}
