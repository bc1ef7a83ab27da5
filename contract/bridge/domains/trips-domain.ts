import { Type } from 'typebox';
import { IsoDateTime, Uuid } from '../../api/ids.ts';
import type { TripSummary, TripTrack } from '../../api/trips.ts';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

export interface ConsoleTrip extends TripSummary {
  /** The full track is on this computer: replay works offline. */
  trackCached: boolean;
}

export interface TripList {
  workspaceId: string;
  /** Newest first. */
  items: ConsoleTrip[];
}

/** A trip's track, columnar (see contract/api/trips.ts TripTrack). */
export interface ConsoleTripTrack extends TripTrack {
  workspaceId: string;
  fromCache: boolean;
}

/** Columnar positions of one device over a time range; `t` is epoch milliseconds. */
export interface PositionHistory {
  workspaceId: string;
  deviceId: string;
  t: number[];
  lat: number[];
  lon: number[];
  speedKmh: number[];
  course: number[];
  /** Vehicle battery (volts) reported with each fix; null where the fix carried none. */
  batteryVoltage: (number | null)[];
}

/** Download progress of one long track; `totalBytes` is null when the server did not say. */
export interface TrackProgressEvent {
  workspaceId: string;
  tripId: string;
  receivedBytes: number;
  totalBytes: number | null;
  done: boolean;
}

/** Trips and tracks: from the cache when offline, with download progress for long tracks. */
export const tripsInputs = {
  'trips.list': Type.Object(
    { workspaceId: WorkspaceId, deviceId: Type.Optional(Uuid), from: IsoDateTime, to: IsoDateTime },
    { additionalProperties: false },
  ),
  'trips.track': Type.Object({ workspaceId: WorkspaceId, tripId: Uuid }, { additionalProperties: false }),
  'positions.history': Type.Object(
    { workspaceId: WorkspaceId, deviceId: Uuid, from: IsoDateTime, to: IsoDateTime },
    { additionalProperties: false },
  ),
} as const;

export interface TripsOutputs {
  'trips.list': TripList;
  'trips.track': ConsoleTripTrack;
  'positions.history': PositionHistory;
}

export interface TripsEvents {
  onTrackProgress: TrackProgressEvent;
}
export const tripsEventNames = ['onTrackProgress'] as const satisfies ReadonlyArray<keyof TripsEvents>;

export interface TripsBridge {
  trips: {
    list(input: BridgeInput<'trips.list'>): Promise<TripList>;
    track(input: BridgeInput<'trips.track'>): Promise<ConsoleTripTrack>;
  };
  positions: {
    history(input: BridgeInput<'positions.history'>): Promise<PositionHistory>;
  };
  onTrackProgress(listener: (event: TrackProgressEvent) => void): Unsubscribe;
}

export function buildTripsBridge(call: BridgeCall, subscribe: BridgeSubscribe): TripsBridge {
  return {
    trips: {
      list: (input) => unwrap(call('trips.list', input)),
      track: (input) => unwrap(call('trips.track', input)),
    },
    positions: {
      history: (input) => unwrap(call('positions.history', input)),
    },
    onTrackProgress: (listener) => subscribe('onTrackProgress', listener),
  };
}
