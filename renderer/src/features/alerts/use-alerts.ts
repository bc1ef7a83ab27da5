import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { AlertList, ConflictEvent } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { useConsoleStore } from '../console/console-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import type { Units } from '../../ui/units.ts';
import { addressLine } from '../places/address-format.ts';
import { inboxCapacity, patchAlertList } from './alert-list-patch.ts';
import { announce } from './announce.ts';
import { announcementsFor, useDeskBehaviour } from './desk-behaviour.ts';

/** More changed alerts than this at once: the whole inbox is read again (cheaper than a patch). */
const patchLimit = 2000;

const severityTitle = { critical: 'Critical alert', warning: 'Warning', info: 'Alert' } as const;

/**
 * The alert inbox of a workspace (from the engine's cache, so it works offline), kept current by
 * `onAlertsChanged`. Also marks vehicles with open alerts on the map, announces new alerts as
 * this person chose per severity (sound, desktop notification, both or nothing; the engine keeps
 * the choice) and collects conflicts the engine reports for actions taken offline.
 */
export function useAlerts(workspaceId: string, store: FleetStore, units: Units) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const [conflicts, setConflicts] = useState<ConflictEvent[]>([]);
  const known = useRef<Set<string> | null>(null);
  const { behaviour } = useDeskBehaviour(workspaceId);
  // Read when alerts arrive, so a changed choice applies without re-running the announcer.
  const desk = useRef(behaviour);
  useEffect(() => {
    desk.current = behaviour;
  }, [behaviour]);
  const alerts = useQuery({
    queryKey: queryKeys.alerts(workspaceId),
    // Up to the bridge's 5,000: a shift's inbox (issue 11's 5,000 open alerts) must list them all.
    queryFn: () => bridge.alerts.list({ workspaceId, state: 'all', limit: inboxCapacity }),
    retry: false,
    // Patches replace only the alerts that changed; a deep comparison of 5,000 alerts on every
    // update would cost more than it saves.
    structuralSharing: false,
  });

  useEffect(() => {
    // Changes are gathered for a moment and read by id: a burst of events (a bulk action, a
    // pull) costs one small read, never a re-read of the whole inbox.
    let changed = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const key = queryKeys.alerts(workspaceId);
    const flush = async () => {
      timer = null;
      const ids = [...changed];
      changed = new Set();
      if (!queryClient.getQueryData<AlertList>(key) || ids.length > patchLimit) {
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      try {
        const fresh = await bridge.alerts.list({ workspaceId, alertIds: ids });
        queryClient.setQueryData<AlertList>(key, (list) => (list ? patchAlertList(list, ids, fresh.items) : list));
      } catch {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    };
    const offChanged = bridge.onAlertsChanged((event) => {
      if (event.workspaceId !== workspaceId || event.alertIds.length === 0) return;
      for (const id of event.alertIds) changed.add(id);
      timer ??= setTimeout(() => void flush(), 50);
    });
    const offConflict = bridge.onConflict((event) => {
      if (event.workspaceId === workspaceId) setConflicts((list) => [...list.slice(-4), event]);
    });
    return () => {
      if (timer) clearTimeout(timer);
      offChanged();
      offConflict();
    };
  }, [bridge, queryClient, workspaceId]);

  const items = alerts.data?.items;
  useEffect(() => {
    if (!items) return;
    store.setAlerting(items.filter((a) => a.status !== 'resolved').map((a) => a.deviceId));
    // Announce only alerts that appear after the first load, never the backlog.
    const ids = new Set(items.map((a) => a.id));
    if (known.current) {
      const fresh = items.filter((a) => !known.current?.has(a.id));
      for (const { alert, sound, notification } of announcementsFor(fresh, desk.current)) {
        const vehicle = store.names[store.indexOf(alert.deviceId)];
        // Where it happened goes into the notification: a dispatcher may act on it without switching windows.
        const where = alert.address && alert.address.kind !== 'none' ? addressLine(alert.address, units) : null;
        const label = severityTitle[alert.severity];
        // A mark per announcement: what the desk did is observable (E2E, profiling) without audio.
        performance.mark('fleet:alert-announced', { detail: { alertId: alert.id, severity: alert.severity, sound, notification } });
        announce(where ? `${alert.message}\n${where}` : alert.message, {
          sound,
          notification,
          title: vehicle ? `${label} · ${vehicle}` : label,
          // The notification's click jumps the map to the vehicle and opens the alert list.
          onOpen: () => {
            useConsoleStore.getState().select(alert.deviceId, { focus: true });
            useConsoleStore.getState().setPanel('alerts');
          },
        });
      }
    }
    known.current = ids;
  }, [items, store, units]);

  return { alerts, conflicts, dismissConflict: (alertId: string) => setConflicts((list) => list.filter((c) => c.alertId !== alertId)) };
}
