import { useQuery } from '@tanstack/react-query';
import type { SyncStatus } from '../../../../contract/bridge/domains/sync-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/**
 * The workspace's connection to its fleet cloud. Seeded by `sync.status`, then kept current by
 * `onSyncStatus` events (use-fleet.ts writes them into this query's cache).
 */
export function useSyncStatus(workspaceId: string, fromSnapshot: SyncStatus | null) {
  const bridge = useBridge();
  return useQuery({
    queryKey: queryKeys.sync(workspaceId),
    queryFn: () => bridge.sync.status({ workspaceId }),
    initialData: fromSnapshot ?? undefined,
    retry: false,
    refetchInterval: 30_000,
  });
}
