import { queryOptions, useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { inboxCapacity, type AlertInboxStore } from './inbox-store.ts';
import type { InboxView } from './inbox-view.ts';

/** The workspace's alert store, created with the console (or a pop-out pane) and fed by its AlertsFeed. */
export const AlertInboxContext = createContext<AlertInboxStore | null>(null);

export function useAlertInbox(): AlertInboxStore {
  const store = useContext(AlertInboxContext);
  if (!store) throw new Error('useAlertInbox() needs an <AlertInboxContext> above it.');
  return store;
}

function alertListQuery(bridge: ReturnType<typeof useBridge>, workspaceId: string, inbox: AlertInboxStore) {
  return queryOptions({
    queryKey: queryKeys.alerts(workspaceId),
    // Up to the bridge's 5,000: a shift's inbox (issue 11's 5,000 open alerts) must list them all.
    // Into the store as the answer arrives, before any later message of the bridge: field changes
    // that follow it apply to it, and none that came before it is overwritten (decision 0380).
    queryFn: async () => {
      const list = await bridge.alerts.list({ workspaceId, state: 'all', limit: inboxCapacity });
      inbox.replaceAll(list.items);
      return list;
    },
    retry: false,
    // The store compares what changed; a deep comparison of 5,000 alerts here would cost more.
    structuralSharing: false,
    // The feed keeps the store current by patches, so this read never goes stale by itself: it is
    // read again when the feed invalidates it. Dropped with the feed (the console unmounting), so
    // a console mounted later does not start from a list older than the patches it missed.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

/**
 * The engine's whole list of the workspace's alerts (works offline): read once, and again when a
 * patch cannot be applied. Only the alerts feed takes the list itself, into the store.
 */
export function useAlertList(workspaceId: string, inbox: AlertInboxStore) {
  return useQuery(alertListQuery(useBridge(), workspaceId, inbox));
}

const loaded = () => true as const;

/** The state of that read (loading, failed, retry) for a screen: it never re-renders for the list's data. */
export function useAlertListStatus(workspaceId: string) {
  return useQuery({ ...alertListQuery(useBridge(), workspaceId, useAlertInbox()), select: loaded });
}

/**
 * A value read from the alert store; the caller re-renders only when it changes (compared with
 * Object.is), so `read` must return the store's own objects or plain values.
 */
export function useInboxValue<T>(read: (store: AlertInboxStore) => T): T {
  const store = useAlertInbox();
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  return useSyncExternalStore(subscribe, () => read(store));
}

/** How many alerts are open (the tab's badge). */
export function useOpenAlertCount(): number {
  return useInboxValue((store) => store.openCount);
}

/** Every alert held, newest first; re-renders the caller with every change. */
export function useAllAlerts(): readonly ConsoleAlert[] {
  return useInboxValue((store) => store.newestFirst());
}

/** A view's rows, kept in step with the store; re-renders the caller only when the rows change. */
export function useInboxRows(view: InboxView): readonly ConsoleAlert[] {
  const store = useAlertInbox();
  const subscribe = useCallback((onChange: () => void) => store.subscribe((batch) => {
    if (view.follow(batch)) onChange();
  }), [store, view]);
  return useSyncExternalStore(subscribe, () => view.current());
}
