import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConsoleTrip, ConsoleTripTrack } from '../../../../contract/bridge/domains/trips-domain.ts';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import type { Units } from '../../ui/units.ts';
import { dayRange, shiftDay, startOfDay } from './trip-day.ts';

/**
 * A vehicle's trips on one day of the tenant's calendar, from the engine's cache (so it works
 * offline). Refreshed every half minute: the engine syncs new trips in the background.
 */
export function useTripsOfDay(workspaceId: string, deviceId: string | null, day: string, timeZone: string) {
  const bridge = useBridge();
  return useQuery({
    queryKey: queryKeys.trips(workspaceId, deviceId ?? '', day),
    enabled: deviceId !== null,
    retry: false,
    refetchInterval: 30_000,
    queryFn: () => {
      const { from, to } = dayRange(day, timeZone);
      return bridge.trips.list({ workspaceId, deviceId: deviceId ?? undefined, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    },
  });
}

/** How far back the trips panel looks for the day to open on. */
export const latestTripLookbackDays = 7;

/**
 * The day (tenant calendar) of the vehicle's newest trip in the week up to and including `today`,
 * or null when it has none. Just after midnight the trip a caller asks about is yesterday's, so
 * the panel opens on this day rather than on an empty today.
 */
export function useLatestTripDay(workspaceId: string, deviceId: string | null, today: string, units: Pick<Units, 'day' | 'timeZone'>, enabled: boolean) {
  const bridge = useBridge();
  return useQuery({
    queryKey: queryKeys.latestTripDay(workspaceId, deviceId ?? '', today),
    enabled: enabled && deviceId !== null,
    retry: false,
    refetchInterval: 30_000,
    queryFn: async () => {
      const from = startOfDay(shiftDay(today, 1 - latestTripLookbackDays), units.timeZone);
      const to = dayRange(today, units.timeZone).to;
      const list = await bridge.trips.list({ workspaceId, deviceId: deviceId ?? undefined, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      const newest = list.items[0];
      return newest ? units.day(Date.parse(newest.startTime)) : null;
    },
  });
}

/** A trip's track; closed trips never change, so a loaded track is kept for the session. */
export function trackQuery(bridge: ConsoleBridge, workspaceId: string, trip: Pick<ConsoleTrip, 'id' | 'status'>) {
  return {
    queryKey: queryKeys.track(workspaceId, trip.id),
    queryFn: () => bridge.trips.track({ workspaceId, tripId: trip.id }),
    staleTime: trip.status === 'closed' ? Infinity : 15_000,
    retry: false,
  };
}

export function fetchTrack(client: QueryClient, bridge: ConsoleBridge, workspaceId: string, trip: Pick<ConsoleTrip, 'id' | 'status'>): Promise<ConsoleTripTrack> {
  return client.fetchQuery(trackQuery(bridge, workspaceId, trip));
}

/** Download progress (0–1, or null when unknown) of a track the engine is fetching. */
export function useTrackProgress(workspaceId: string, tripId: string | null): number | null {
  const bridge = useBridge();
  const [progress, setProgress] = useState<{ tripId: string; value: number | null } | null>(null);
  useEffect(
    () =>
      bridge.onTrackProgress((event) => {
        if (event.workspaceId !== workspaceId || event.tripId !== tripId) return;
        setProgress({ tripId: event.tripId, value: event.done ? 1 : event.totalBytes ? event.receivedBytes / event.totalBytes : null });
      }),
    [bridge, workspaceId, tripId],
  );
  return progress?.tripId === tripId ? progress.value : null;
}
