import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/** The workspace's geofences from the engine's cache (offline too); the engine syncs changes in. */
export function useGeofences(workspaceId: string, enabled = true) {
  const bridge = useBridge();
  return useQuery({
    queryKey: queryKeys.geofences(workspaceId),
    queryFn: () => bridge.geofences.list({ workspaceId }),
    enabled,
    retry: false,
    refetchInterval: 30_000,
  });
}
