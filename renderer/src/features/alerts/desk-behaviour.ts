import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertSeverity } from '../../../../contract/api/alerts.ts';
import { defaultDeskBehaviour, deskActionPlays, type DeskAlertBehaviour } from '../../../../contract/bridge/desk-alerts.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

const key = (workspaceId: string) => [...queryKeys.workspace(workspaceId), 'desk-behaviour'] as const;

/** This person's desk behaviour (the engine keeps it per account); the defaults until it loads. */
export function useDeskBehaviour(workspaceId: string | null) {
  const bridge = useBridge();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: key(workspaceId ?? ''),
    queryFn: () => bridge.alerts.deskBehaviour({ workspaceId: workspaceId ?? '' }),
    enabled: workspaceId !== null,
  });
  const save = useMutation({
    mutationFn: (behaviour: DeskAlertBehaviour) => bridge.alerts.setDeskBehaviour({ workspaceId: workspaceId ?? '', behaviour }),
    // Every workspace of the same person shares the choice: refetch them all.
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey.includes('desk-behaviour') }),
  });
  return { behaviour: query.data ?? defaultDeskBehaviour, loaded: query.isSuccess, save };
}

/**
 * What to play for each newly arrived alert: open, not quiet, and its severity's action is not
 * "nothing". The strongest first, at most `limit` (a burst of alerts must not ring for minutes).
 */
export function announcementsFor(fresh: readonly ConsoleAlert[], behaviour: DeskAlertBehaviour, limit = 3): { alert: ConsoleAlert; sound: boolean; notification: boolean }[] {
  const rank: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
  return fresh
    .filter((a) => a.status === 'open' && !a.quiet && behaviour[a.severity] !== 'nothing')
    .sort((a, b) => rank[a.severity] - rank[b.severity])
    .slice(0, limit)
    .map((alert) => ({ alert, ...deskActionPlays(behaviour[alert.severity]) }));
}
