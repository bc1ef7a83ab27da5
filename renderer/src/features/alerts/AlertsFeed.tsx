import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { alertMessage } from '../../../../contract/alert-message.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { useUnits } from '../../ui/units.ts';
import { useConsoleStore } from '../console/console-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { addressLine } from '../../../../contract/address-words.ts';
import { useAlertConflicts } from './alert-conflicts.ts';
import { announce } from './announce.ts';
import { announcementsFor, useDeskBehaviour } from './desk-behaviour.ts';
import type { AlertInboxStore } from './inbox-store.ts';
import { useAlertList } from './use-alert-list.ts';

/** More changed alerts than this at once: the whole inbox is read again (cheaper than a patch). */
const patchLimit = 2000;

const severityTitle = { critical: 'Critical alert', warning: 'Warning', info: 'Alert' } as const;

interface Props {
  workspaceId: string;
  store: FleetStore;
  inbox: AlertInboxStore;
}

/**
 * Keeps a window's alert store current and acts on it, whether or not the inbox is open: loads
 * the engine's list into the store, patches it with the alerts `onAlertsChanged` names, marks
 * vehicles with unresolved alerts on the map, announces new alerts as this person chose per
 * severity (sound, desktop notification, both or nothing; the engine keeps the choice) and
 * collects conflicts of actions taken offline. Renders nothing; re-renders only when the whole
 * list is read again.
 */
export function AlertsFeed({ workspaceId, store, inbox }: Props) {
  const bridge = useBridge();
  const units = useUnits();
  const queryClient = useQueryClient();
  const { behaviour } = useDeskBehaviour(workspaceId);
  // Read when alerts arrive, so a changed choice applies without re-running the announcer.
  const desk = useRef(behaviour);
  useEffect(() => {
    desk.current = behaviour;
  }, [behaviour]);
  const unitsRef = useRef(units);
  useEffect(() => {
    unitsRef.current = units;
  }, [units]);
  const list = useAlertList(workspaceId, inbox).data;

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
      if (!inbox.loaded || ids.length > patchLimit) {
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      try {
        const fresh = await bridge.alerts.list({ workspaceId, alertIds: ids });
        inbox.patch(ids, fresh.items);
      } catch {
        void queryClient.invalidateQueries({ queryKey: key });
      }
    };
    const offChanged = bridge.onAlertsChanged((event) => {
      if (event.workspaceId !== workspaceId) return;
      // Changes the engine sent field by field apply now, in the order they came (decision 0380).
      if (event.changes?.length) inbox.applyFieldChanges(event.changes);
      if (event.alertIds.length === 0) return;
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
  }, [bridge, queryClient, workspaceId, inbox]);

  useEffect(() => {
    let layout = -1;
    const markAlerting = () => {
      layout = store.layoutVersion;
      store.setAlerting(inbox.alertingDevices());
    };
    // A reloaded fleet (setDevices) starts without marks: they are put back (a check per fleet change).
    const offFleet = store.subscribe(() => {
      if (inbox.loaded && store.layoutVersion !== layout) markAlerting();
    });
    const off = inbox.subscribe(({ changes, first }) => {
      // The map is told only when the set of vehicles with unresolved alerts may have changed.
      if (inbox.takeAlertingChanged() || store.layoutVersion !== layout) markAlerting();
      // Announce only alerts that appear after the first load, never the backlog.
      if (first) return;
      const fresh = [];
      for (const { before, after } of changes) if (!before && after && inbox.get(after.id) === after) fresh.push(after);
      for (const { alert, sound, notification } of announcementsFor(fresh, desk.current)) {
        const vehicle = store.names[store.indexOf(alert.deviceId)];
        // Where it happened goes into the notification: a dispatcher may act on it without switching windows.
        const where = alert.address && alert.address.kind !== 'none' ? addressLine(alert.address, unitsRef.current) : null;
        const label = severityTitle[alert.severity];
        // A mark per announcement: what the desk did is observable (E2E, profiling) without audio.
        performance.mark('fleet:alert-announced', { detail: { alertId: alert.id, severity: alert.severity, sound, notification } });
        const message = alertMessage(alert, unitsRef.current);
        announce(where ? `${message}\n${where}` : message, {
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
    });
    return () => {
      off();
      offFleet();
    };
  }, [inbox, store]);

  // A full read (the first, or after a patch could not be applied) goes into the store as one
  // batch when it arrives (use-alert-list.ts). A store that missed it (created after the read was
  // cached) takes it here, after the subscription above, so its listener sees the first load.
  useEffect(() => {
    if (list && !inbox.loaded) inbox.replaceAll(list.items);
  }, [list, inbox]);

  return null;
}
