import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { tripsInputs } from '../../../contract/bridge/domains/trips-domain.ts';
import { getTrack, getTrip, listTrips, putTrack } from '../cache/trips-store.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import type { SyncEmit } from '../sync/sync-events.ts';
import type { SyncCoordinator } from '../sync/sync-coordinator.ts';

/** Trips from the cache; a track not cached yet is downloaded (with progress) and kept. */
export function tripsHandlers(sessions: SessionManager, syncs: SyncCoordinator, emit: SyncEmit): Pick<BridgeHandlers, keyof typeof tripsInputs> {
  const api = <T>(workspaceId: string, call: (api: MonitoringApi) => Promise<T>) =>
    sessions.withAccess(workspaceId, (client, token) => call(new MonitoringApi(client, token)));

  return {
    'trips.list': async ({ workspaceId, deviceId, from, to }) => {
      const cache = syncs.cache(workspaceId);
      return { workspaceId, items: listTrips(cache.db, { from: Date.parse(from), to: Date.parse(to), deviceId }) };
    },
    'trips.track': async ({ workspaceId, tripId }) => {
      const cache = syncs.cache(workspaceId);
      const cached = getTrack(cache.db, tripId);
      if (cached) return { ...cached, workspaceId, fromCache: true };
      if (!syncs.sync(workspaceId).online) {
        throw new BridgeError('server-unreachable', 'This trip was not downloaded before the connection was lost, so it cannot be replayed offline.', 'tripId', {
          reason: 'not-stored-offline',
          params: { what: 'trip-track' },
        });
      }
      const track = await api(workspaceId, (a) =>
        a.track(tripId, (receivedBytes, totalBytes) => emit('onTrackProgress', { workspaceId, tripId, receivedBytes, totalBytes, done: false })),
      );
      emit('onTrackProgress', { workspaceId, tripId, receivedBytes: 0, totalBytes: null, done: true });
      if (getTrip(cache.db, tripId)?.status === 'closed') cache.db.write((db) => putTrack(db, track, Date.now()));
      return { ...track, workspaceId, fromCache: false };
    },
    'positions.history': async ({ workspaceId, deviceId, from, to }) => {
      const out = { workspaceId, deviceId, t: [] as number[], lat: [] as number[], lon: [] as number[], speedKmh: [] as number[], course: [] as number[], batteryVoltage: [] as (number | null)[] };
      let cursor: string | undefined;
      do {
        const page = await api(workspaceId, (a) => a.positions(deviceId, from, to, cursor));
        for (const p of page.items) {
          out.t.push(Date.parse(p.fixTime));
          out.lat.push(p.latitude);
          out.lon.push(p.longitude);
          out.speedKmh.push(p.speedKmh);
          out.course.push(p.course);
          // The fleet cloud keeps a fix's extra readings in `attributes` (ingest: batteryVoltage).
          const volts = p.attributes.batteryVoltage;
          out.batteryVoltage.push(typeof volts === 'number' && Number.isFinite(volts) ? volts : null);
        }
        cursor = page.hasMore && page.nextCursor ? page.nextCursor : undefined;
      } while (cursor);
      return out;
    },
  };
}
