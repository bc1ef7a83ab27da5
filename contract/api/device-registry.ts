import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';

/** A hardware unit in the provider's inventory. */
export const RegistryDevice = Type.Object({
  id: Uuid,
  /** IMEI / dongle id the unit reports with. */
  uniqueId: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  /** unassigned: its reports are rejected until the provider assigns it. */
  status: Type.Union([Type.Literal('assigned'), Type.Literal('unassigned')]),
  tenant: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  /** The tenant's vehicle record while assigned. */
  deviceId: Type.Union([Uuid, Type.Null()]),
  createdAt: IsoDateTime,
});
export type RegistryDevice = Static<typeof RegistryDevice>;

export const registrySortFields = ['uniqueId', 'createdAt', 'status'] as const;
export const RegistryListQuery = ListQuery(registrySortFields, {
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Matches unique id or model.' })),
  status: Type.Optional(Type.Union([Type.Literal('assigned'), Type.Literal('unassigned')])),
  tenantId: Type.Optional(Type.String({ format: 'uuid' })),
});
export type RegistryListQuery = Static<typeof RegistryListQuery>;
export const RegistryList = Page(RegistryDevice);
export type RegistryList = Static<typeof RegistryList>;

export const UniqueId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });

export const RegisterDeviceRequest = Type.Object(
  { uniqueId: UniqueId, model: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' })) },
  { additionalProperties: false },
);
export type RegisterDeviceRequest = Static<typeof RegisterDeviceRequest>;

/** The reporting secret is shown once: here, and after a rotation. */
export const RegisteredDevice = Type.Object({ device: RegistryDevice, secret: Type.String() });
export type RegisteredDevice = Static<typeof RegisteredDevice>;

export const vehicleFields = {
  name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
  plate: Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()]),
  vin: Type.Union([Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$', description: '17 characters, no I, O or Q' }), Type.Null()]),
  vehicleType: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9-]*$' }),
};

/** Assign (or transfer) a unit to a tenant; the vehicle record is created in that tenant. */
export const AssignDeviceRequest = Type.Object(
  {
    tenantId: Uuid,
    name: vehicleFields.name,
    plate: Type.Optional(vehicleFields.plate),
    vin: Type.Optional(vehicleFields.vin),
    vehicleType: Type.Optional(vehicleFields.vehicleType),
  },
  { additionalProperties: false },
);
export type AssignDeviceRequest = Static<typeof AssignDeviceRequest>;

export const DeviceAssignment = Type.Object({
  tenant: Type.Object({ id: Uuid, name: Type.String() }),
  deviceId: Uuid,
  assignedAt: IsoDateTime,
  endedAt: Type.Union([IsoDateTime, Type.Null()]),
  endReason: Type.Union([Type.Literal('transferred'), Type.Literal('unassigned'), Type.Null()]),
});
export type DeviceAssignment = Static<typeof DeviceAssignment>;

export const DeviceAssignmentHistory = Type.Object({ device: RegistryDevice, assignments: Type.Array(DeviceAssignment) });
export type DeviceAssignmentHistory = Static<typeof DeviceAssignmentHistory>;
