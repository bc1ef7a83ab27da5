import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/** The workspace's vehicles, cached under that workspace's key only. */
export function useDevices(workspaceId: string) {
  const bridge = useBridge();
  return useQuery({ queryKey: queryKeys.devices(workspaceId), queryFn: () => bridge.devices.list({ workspaceId }) });
}
