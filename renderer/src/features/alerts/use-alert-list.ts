import { useQuery } from '@tanstack/react-query';
import type { AlertList } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { inboxCapacity } from './alert-list-patch.ts';

const countOpen = (list: AlertList) => list.items.reduce((n, a) => n + (a.status === 'open' ? 1 : 0), 0);

/**
 * The workspace's alerts from the engine's cache (works offline), kept current by the alerts feed
 * (AlertsFeed.tsx patches this query). Call it where the list is shown: every change re-renders
 * the caller, so the console's frame never holds it (with 5,000 alerts a bulk action would
 * re-render the map, the vehicle list and every panel; docs/decisions/0270-alert-inbox-re-renders-only-itself.md).
 */
export function useAlertList<T = AlertList>(workspaceId: string, select?: (list: AlertList) => T) {
  const bridge = useBridge();
  return useQuery({
    queryKey: queryKeys.alerts(workspaceId),
    // Up to the bridge's 5,000: a shift's inbox (issue 11's 5,000 open alerts) must list them all.
    queryFn: () => bridge.alerts.list({ workspaceId, state: 'all', limit: inboxCapacity }),
    retry: false,
    // Patches replace only the alerts that changed; a deep comparison of 5,000 alerts on every
    // update would cost more than it saves.
    structuralSharing: false,
    ...(select ? { select } : {}),
  });
}

/** How many alerts are open (the tab's badge): its caller re-renders only when the number changes. */
export function useOpenAlertCount(workspaceId: string): number {
  return useAlertList(workspaceId, countOpen).data ?? 0;
}
