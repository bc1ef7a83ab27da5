import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ConflictEvent } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { useConsoleStore } from '../console/console-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import type { Units } from '../../ui/units.ts';
import { addressLine } from '../places/address-format.ts';
import { announce } from './announce.ts';
import { announcementsFor, useDeskBehaviour } from './desk-behaviour.ts';

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
    queryFn: () => bridge.alerts.list({ workspaceId, state: 'all', limit: 5000 }),
    retry: false,
  });

  useEffect(() => {
    const offChanged = bridge.onAlertsChanged((event) => {
      if (event.workspaceId === workspaceId) void queryClient.invalidateQueries({ queryKey: queryKeys.alerts(workspaceId) });
    });
    const offConflict = bridge.onConflict((event) => {
      if (event.workspaceId === workspaceId) setConflicts((list) => [...list.slice(-4), event]);
    });
    return () => {
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
