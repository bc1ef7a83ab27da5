import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { AppliedSpeedLimit } from './places.ts';
import { PageOffset } from './lists.ts';

export const deviceStatuses = ['moving', 'idle', 'stopped', 'offline', 'unknown'] as const;
export const DeviceStatus = Type.Enum(deviceStatuses);
export type DeviceStatus = (typeof deviceStatuses)[number];

export const LastPosition = Type.Object({
  fixTime: IsoDateTime,
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  /** km/h; the wire protocols' knots are converted at ingest. */
  speedKmh: Type.Number({ minimum: 0 }),
  /** Degrees clockwise from north, 0–360. */
  course: Type.Number({ minimum: 0, maximum: 360 }),
});
export type LastPosition = Static<typeof LastPosition>;

/** A tracked vehicle as the tenant sees it: the vehicle record joined with its device's state. */
export const Device = Type.Object({
  id: Uuid,
  /** Hardware unit id (IMEI / dongle id) the device reports with. */
  uniqueId: Type.String(),
  name: Type.String(),
  plate: Type.Union([Type.String(), Type.Null()]),
  /** Vehicle identification number (17 characters), when known. */
  vin: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  vehicleType: Type.String(),
  groupId: Type.Union([Uuid, Type.Null()]),
  groupName: Type.Union([Type.String(), Type.Null()]),
  status: DeviceStatus,
  lastSeenAt: Type.Union([IsoDateTime, Type.Null()]),
  position: Type.Union([LastPosition, Type.Null()]),
  /**
   * The speed limit overspeed is judged against at the last position: the road's posted limit
   * where the built-in road data knows it, else the tenant's default. Computed when the device is
   * read (not on the live stream); null without a position. Addresses of positions are not here:
   * the console asks `places.reverse` for the points it shows.
   */
  speedLimit: Type.Optional(Type.Union([AppliedSpeedLimit, Type.Null()])),
});
export type Device = Static<typeof Device>;

export const deviceSortFields = ['name', 'status', 'lastSeenAt', 'uniqueId'] as const;

export const DeviceListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
    offset: Type.Optional(PageOffset),
    sort: Type.Optional(Type.Enum(deviceSortFields)),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches name, plate or unique id.' })),
  },
  { additionalProperties: false },
);
export type DeviceListQuery = Static<typeof DeviceListQuery>;

export const DeviceListResponse = Type.Object({
  items: Type.Array(Device),
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type DeviceListResponse = Static<typeof DeviceListResponse>;

/** PATCH /api/devices/:id (devices.edit): vehicle details and its group. */
export const UpdateDeviceRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' })),
    plate: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()])),
    vin: Type.Optional(Type.Union([Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$', description: '17 characters, no I, O or Q' }), Type.Null()])),
    vehicleType: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9-]*$' })),
    groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDeviceRequest = Static<typeof UpdateDeviceRequest>;
