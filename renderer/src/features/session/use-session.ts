import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionState } from '../../../../contract/bridge/session.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { applySessionState } from './session-cache.ts';

/** The engine's session state: fetched once, then kept current by `onSessionChanged`. */
export function useSessionState() {
  const bridge = useBridge();
  const client = useQueryClient();
  useEffect(() => bridge.onSessionChanged((state) => applySessionState(client, state)), [bridge, client]);
  return useQuery({ queryKey: queryKeys.session, queryFn: () => bridge.session.state(), staleTime: Infinity });
}

function useSessionMutation<I>(run: (input: I) => Promise<SessionState>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (state) => applySessionState(client, state) });
}

export function useSignIn() {
  const bridge = useBridge();
  return useSessionMutation(bridge.session.signIn);
}

/** A known account with its password: online when its server answers, else offline review. */
export function useUnlock() {
  const bridge = useBridge();
  return useSessionMutation(bridge.session.unlock);
}

/** Where sign-ins are kept; the engine decides it once at start. */
export function useVaultStatus() {
  const bridge = useBridge();
  return useQuery({ queryKey: queryKeys.vaultStatus, queryFn: () => bridge.vault.status(), staleTime: Infinity });
}

export function useSignOut() {
  const bridge = useBridge();
  return useSessionMutation(bridge.session.signOut);
}

export function useActivateWorkspace() {
  const bridge = useBridge();
  return useSessionMutation(bridge.workspace.activate);
}
