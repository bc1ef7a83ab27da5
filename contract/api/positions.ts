import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { SyncCursor, SyncQueryFields, SyncResponseFields } from './sync-cursor.ts';

/** One stored fix. Times are the device's (fixTime) and the server's receipt (serverTime). */
export const Position = Type.Object({
  deviceId: Uuid,
  fixTime: IsoDateTime,
  serverTime: IsoDateTime,
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  /** km/h; OsmAnd's knots are converted at ingest. */
  speedKmh: Type.Number({ minimum: 0 }),
  /** Degrees clockwise from north, 0–360. */
  course: Type.Number({ minimum: 0, maximum: 360 }),
  altitudeM: Type.Union([Type.Number(), Type.Null()]),
  accuracyM: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  /** False when the device said the fix is not valid (e.g. last known position). */
  valid: Type.Boolean(),
  ignition: Type.Union([Type.Boolean(), Type.Null()]),
  /** Everything else the device sent (batt, rpm, fuel, custom OsmAnd fields …). */
  attributes: Type.Record(Type.String(), Type.Unknown()),
});
export type Position = Static<typeof Position>;

/**
 * GET /api/positions?deviceId=…&from=…&to=… — a device's track in device-time order,
 * paginated with `cursor`. `from` is inclusive, `to` exclusive; at most 31 days per query.
 */
export const PositionHistoryQuery = Type.Object(
  {
    deviceId: Uuid,
    from: IsoDateTime,
    to: IsoDateTime,
    cursor: Type.Optional(SyncCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 2000 })),
  },
  { additionalProperties: false },
);
export type PositionHistoryQuery = Static<typeof PositionHistoryQuery>;

export const PositionHistoryResponse = Type.Object({
  items: Type.Array(Position),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  hasMore: Type.Boolean(),
});
export type PositionHistoryResponse = Static<typeof PositionHistoryResponse>;

/** The live state of one device: its newest fix by device time, and when it last reported. */
export const DeviceLatest = Type.Object({
  deviceId: Uuid,
  lastSeenAt: IsoDateTime,
  position: Type.Union([Position, Type.Null()]),
  online: Type.Boolean(),
  /** Id of the trip in progress, if any. */
  openTripId: Type.Union([Uuid, Type.Null()]),
});
export type DeviceLatest = Static<typeof DeviceLatest>;

/** GET /api/positions/latest — latest state per device; `since` returns only devices changed since. */
export const LatestPositionsQuery = Type.Object({ ...SyncQueryFields }, { additionalProperties: false });
export type LatestPositionsQuery = Static<typeof LatestPositionsQuery>;

export const LatestPositionsResponse = Type.Object({ items: Type.Array(DeviceLatest), ...SyncResponseFields });
export type LatestPositionsResponse = Static<typeof LatestPositionsResponse>;
