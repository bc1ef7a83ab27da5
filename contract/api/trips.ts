import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { Address } from './places.ts';
import { SyncQueryFields, SyncResponseFields } from './sync-cursor.ts';

export const Place = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  /** A geofence the point lies in, when there is one; null otherwise. */
  name: Type.Union([Type.String(), Type.Null()]),
  /**
   * The street or locality at the point (contract/api/places.ts), computed by the fleet cloud when
   * the trip is read: the provider's cached answer where there is one, else the built-in geocoder.
   * A trip's start and end are its stops (segmentation splits trips at stops), so this is also
   * the address of each stop. `{ kind: 'none' }` outside every known area.
   */
  address: Address,
});
export type Place = Static<typeof Place>;

/**
 * A trip: from ignition on / start of motion to ignition off / a stop longer than the
 * segmentation's minimum parking time. `open` trips are still going and change as data arrives.
 * Late data can recompute trips: their ids then show up in `removedIds` of a `since` sync.
 */
export const TripSummary = Type.Object({
  id: Uuid,
  deviceId: Uuid,
  /**
   * The driver assigned to the vehicle when the trip began (contract/api/drivers.ts), null when
   * nobody was. Read with the trip: a later change of assignments shows on the next full read.
   */
  driverId: Type.Union([Uuid, Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  startTime: IsoDateTime,
  endTime: IsoDateTime,
  start: Place,
  end: Place,
  distanceKm: Type.Number({ minimum: 0 }),
  durationS: Type.Number({ minimum: 0 }),
  maxSpeedKmh: Type.Number({ minimum: 0 }),
  /** Distance over moving time, so idling does not drag it down. */
  avgSpeedKmh: Type.Number({ minimum: 0 }),
  /** Seconds inside the trip spent standing still with the engine on (or not moving). */
  idleS: Type.Number({ minimum: 0 }),
  pointCount: Type.Integer({ minimum: 0 }),
});
export type TripSummary = Static<typeof TripSummary>;

/** GET /api/trips — newest first when paging; by change when syncing with `since`. */
export const TripListQuery = Type.Object(
  {
    deviceId: Type.Optional(Uuid),
    /** Trips that end at or after `from` and start before `to`. */
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    ...SyncQueryFields,
  },
  { additionalProperties: false },
);
export type TripListQuery = Static<typeof TripListQuery>;

export const TripListResponse = Type.Object({ items: Type.Array(TripSummary), ...SyncResponseFields });
export type TripListResponse = Static<typeof TripListResponse>;

/**
 * GET /api/trips/:tripId/track — the whole track, columnar: point i is
 * (t[i], lat[i], lon[i], speedKmh[i], course[i]). `t` is milliseconds since `startTime`.
 * Columns compress well and decode without per-point objects.
 */
export const TripTrack = Type.Object({
  tripId: Uuid,
  deviceId: Uuid,
  startTime: IsoDateTime,
  t: Type.Array(Type.Number()),
  lat: Type.Array(Type.Number()),
  lon: Type.Array(Type.Number()),
  speedKmh: Type.Array(Type.Number()),
  course: Type.Array(Type.Number()),
});
export type TripTrack = Static<typeof TripTrack>;

export const TripParams = Type.Object({ tripId: Uuid }, { additionalProperties: false });
export type TripParams = Static<typeof TripParams>;
