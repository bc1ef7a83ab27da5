import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/** Admin data lives under the workspace's key, so a workspace switch can never show another tenant's. */
export const adminKey = (workspaceId: string, ...rest: unknown[]) => [...queryKeys.workspace(workspaceId), 'admin', ...rest] as const;

/** A query of one admin list; `read` gets the bridge and returns the promise. */
export function useAdminQuery<T>(workspaceId: string, name: string, params: unknown, read: (bridge: ConsoleBridge) => Promise<T>) {
  const bridge = useBridge();
  return useQuery({ queryKey: adminKey(workspaceId, name, params), queryFn: () => read(bridge) });
}

/**
 * A change; on success every admin query of the workspace refetches (lists are small, and a
 * change in one screen often shows in another: a new group in the members form).
 */
export function useAdminMutation<I, T>(workspaceId: string, write: (bridge: ConsoleBridge, input: I) => Promise<T>) {
  const bridge = useBridge();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => write(bridge, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.workspace(workspaceId) }),
  });
}

/** The text of a form field ('' when missing), for forms read with FormData. */
export const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
