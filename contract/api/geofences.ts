import { Type, type Static } from 'typebox';
import { maxPolygonPoints, minPolygonPoints } from '../geo/polygon.ts';
import { maxCircleRadiusM } from '../geo/shape.ts';
import { IsoDateTime, Uuid } from './ids.ts';
import { SyncQueryFields, SyncResponseFields } from './sync-cursor.ts';
import { ExpectedVersion } from './lists.ts';

export const LatLon = Type.Object(
  { latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);
export type LatLon = Static<typeof LatLon>;

export const CircleShape = Type.Object(
  { type: Type.Literal('circle'), center: LatLon, radiusM: Type.Number({ exclusiveMinimum: 0, maximum: maxCircleRadiusM }) },
  { additionalProperties: false },
);
/**
 * A simple polygon; the ring closes itself (do not repeat the first point). Edges must not cross
 * and the corners must enclose an area: the server checks both (contract/geo/polygon.ts).
 */
export const PolygonShape = Type.Object(
  { type: Type.Literal('polygon'), points: Type.Array(LatLon, { minItems: minPolygonPoints, maxItems: maxPolygonPoints }) },
  { additionalProperties: false },
);
export const GeofenceShape = Type.Union([CircleShape, PolygonShape]);
export type GeofenceShape = Static<typeof GeofenceShape>;

/** A zone that raises geofence_enter / geofence_exit alerts. With a group, only that group's devices. */
export const Geofence = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.Union([Uuid, Type.Null()]),
  shape: GeofenceShape,
  /** Raise alerts on entering / leaving. */
  alertOnEnter: Type.Boolean(),
  alertOnExit: Type.Boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer({ minimum: 1 }),
});
export type Geofence = Static<typeof Geofence>;

const name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
const description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);

/** POST /api/geofences */
export const CreateGeofenceRequest = Type.Object(
  {
    name,
    description: Type.Optional(description),
    groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    shape: GeofenceShape,
    alertOnEnter: Type.Optional(Type.Boolean({ default: true })),
    alertOnExit: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type CreateGeofenceRequest = Static<typeof CreateGeofenceRequest>;

/** PUT /api/geofences/:geofenceId — a full replacement; 409 when `expectedVersion` is stale. */
export const UpdateGeofenceRequest = Type.Object(
  {
    expectedVersion: ExpectedVersion,
    name,
    description: Type.Optional(description),
    groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    shape: GeofenceShape,
    alertOnEnter: Type.Optional(Type.Boolean({ default: true })),
    alertOnExit: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type UpdateGeofenceRequest = Static<typeof UpdateGeofenceRequest>;

export const GeofenceParams = Type.Object({ geofenceId: Uuid }, { additionalProperties: false });
export type GeofenceParams = Static<typeof GeofenceParams>;

export const GeofenceListQuery = Type.Object({ groupId: Type.Optional(Uuid), ...SyncQueryFields }, { additionalProperties: false });
export type GeofenceListQuery = Static<typeof GeofenceListQuery>;

export const GeofenceListResponse = Type.Object({ items: Type.Array(Geofence), ...SyncResponseFields });
export type GeofenceListResponse = Static<typeof GeofenceListResponse>;
