import { Type, type Static } from 'typebox';
import { IsoDate, IsoDateTime, Uuid } from './ids.ts';
import { ExpectedVersion } from './lists.ts';

/**
 * A driver of the tenant. `tagId` is the key fob / card / iButton id a tracker reports when the
 * driver identifies (`driverId` in the OBD batch, `driverUniqueId` through OsmAnd); a report with
 * it assigns the driver to that vehicle from then on. Tag ids and employee numbers are unique per
 * tenant.
 */
export const Driver = Type.Object({
  id: Uuid,
  name: Type.String(),
  employeeNumber: Type.Union([Type.String(), Type.Null()]),
  /** The last day the driving licence is valid. */
  licenceExpiresOn: Type.Union([IsoDate, Type.Null()]),
  groupId: Type.Union([Uuid, Type.Null()]),
  tagId: Type.Union([Type.String(), Type.Null()]),
  /** The vehicle the driver is assigned to now, if any. */
  currentDeviceId: Type.Union([Uuid, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer({ minimum: 1 }),
});
export type Driver = Static<typeof Driver>;

const name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
const employeeNumber = Type.Union([Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }), Type.Null()]);
const tagId = Type.Union([Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' }), Type.Null()]);

/** POST /api/drivers */
export const CreateDriverRequest = Type.Object(
  {
    name,
    employeeNumber: Type.Optional(employeeNumber),
    licenceExpiresOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    tagId: Type.Optional(tagId),
  },
  { additionalProperties: false },
);
export type CreateDriverRequest = Static<typeof CreateDriverRequest>;

/** PUT /api/drivers/:driverId — a full replacement; 409 when `expectedVersion` is stale. */
export const UpdateDriverRequest = Type.Object(
  {
    expectedVersion: ExpectedVersion,
    name,
    employeeNumber: Type.Optional(employeeNumber),
    licenceExpiresOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    groupId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    tagId: Type.Optional(tagId),
  },
  { additionalProperties: false },
);
export type UpdateDriverRequest = Static<typeof UpdateDriverRequest>;

export const DriverParams = Type.Object({ driverId: Uuid }, { additionalProperties: false });
export type DriverParams = Static<typeof DriverParams>;

export const DriverListQuery = Type.Object(
  {
    groupId: Type.Optional(Uuid),
    /** Part of the name, employee number or tag id (case-insensitive). */
    q: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type DriverListQuery = Static<typeof DriverListQuery>;
export const DriverListResponse = Type.Object({ items: Type.Array(Driver) });
export type DriverListResponse = Static<typeof DriverListResponse>;

/**
 * A driver at the wheel of a vehicle from `from` until `to` (null: still). A vehicle has at most
 * one driver at a time and a driver one vehicle. `source`: set by hand, or by a reported tag.
 */
export const DriverAssignment = Type.Object({
  id: Uuid,
  driverId: Uuid,
  deviceId: Uuid,
  from: IsoDateTime,
  to: Type.Union([IsoDateTime, Type.Null()]),
  source: Type.Union([Type.Literal('manual'), Type.Literal('tag')]),
});
export type DriverAssignment = Static<typeof DriverAssignment>;

/**
 * POST /api/driver-assignments. `from` defaults to now. An open assignment of the vehicle (or of
 * the driver elsewhere) that began earlier ends at `from`; any other overlap is refused (409).
 */
export const CreateAssignmentRequest = Type.Object(
  { driverId: Uuid, deviceId: Uuid, from: Type.Optional(IsoDateTime), to: Type.Optional(Type.Union([IsoDateTime, Type.Null()])) },
  { additionalProperties: false },
);
export type CreateAssignmentRequest = Static<typeof CreateAssignmentRequest>;

/** POST /api/driver-assignments/:assignmentId/end — ends an open assignment (`at` defaults to now). */
export const EndAssignmentRequest = Type.Object({ at: Type.Optional(IsoDateTime) }, { additionalProperties: false });
export type EndAssignmentRequest = Static<typeof EndAssignmentRequest>;
export const AssignmentParams = Type.Object({ assignmentId: Uuid }, { additionalProperties: false });
export type AssignmentParams = Static<typeof AssignmentParams>;

/** GET /api/driver-assignments — assignments overlapping [from, to), newest first (at most 500). */
export const AssignmentListQuery = Type.Object(
  { deviceId: Type.Optional(Uuid), driverId: Type.Optional(Uuid), from: Type.Optional(IsoDateTime), to: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);
export type AssignmentListQuery = Static<typeof AssignmentListQuery>;
export const AssignmentListResponse = Type.Object({ items: Type.Array(DriverAssignment) });
export type AssignmentListResponse = Static<typeof AssignmentListResponse>;
