import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AlertList } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { useUnits } from '../../ui/units.ts';
import { useConsoleStore } from '../console/console-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { addressLine } from '../places/address-format.ts';
import { useAlertConflicts } from './alert-conflicts.ts';
import { patchAlertList } from './alert-list-patch.ts';
import { announce } from './announce.ts';
import { announcementsFor, useDeskBehaviour } from './desk-behaviour.ts';
import { useAlertList } from './use-alert-list.ts';

/** More changed alerts than this at once: the whole inbox is read again (cheaper than a patch). */
const patchLimit = 2000;

const severityTitle = { critical: 'Critical alert', warning: 'Warning', info: 'Alert' } as const;

interface Props {
  workspaceId: string;
  store: FleetStore;
}

/**
 * Keeps a window's alert list current and acts on it, whether or not the inbox is open: patches
 * the list with the alerts `onAlertsChanged` names, marks vehicles with open alerts on the map,
 * announces new alerts as this person chose per severity (sound, desktop notification, both or
 * nothing; the engine keeps the choice) and collects conflicts of actions taken offline.
 * Renders nothing: it is the one component that re-renders with every change of the list
 * besides the inbox itself.
 */
export function AlertsFeed({ workspaceId, store }: Props) {
  const bridge = useBridge();
  const units = useUnits();
  const queryClient = useQueryClient();
  const known = useRef<Set<string> | null>(null);
  const { behaviour } = useDeskBehaviour(workspaceId);
  // Read when alerts arrive, so a changed choice applies without re-running the announcer.
  const desk = useRef(behaviour);
  useEffect(() => {
    desk.current = behaviour;
  }, [behaviour]);
  const items = useAlertList(workspaceId).data?.items;

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
    const { add, clear } = useAlertConflicts.getState();
    const offConflict = bridge.onConflict((event) => {
      if (event.workspaceId === workspaceId) add(event);
    });
    return () => {
      if (timer) clearTimeout(timer);
      offChanged();
      offConflict();
      clear();
    };
  }, [bridge, queryClient, workspaceId]);

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

  return null;
}
