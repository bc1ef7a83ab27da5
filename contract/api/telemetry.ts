import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { SyncQueryFields, SyncResponseFields } from './sync-cursor.ts';

export const DtcCode = Type.Object({
  /** SAE J2012 code, e.g. "P0301". */
  code: Type.String(),
  /** From the server's table of common codes; null for manufacturer-specific codes it does not know. */
  description: Type.Union([Type.String(), Type.Null()]),
  firstSeenAt: IsoDateTime,
});
export type DtcCode = Static<typeof DtcCode>;

/**
 * GET /api/health/devices[/:deviceId] — the latest known value of each vehicle reading.
 * Each reading is null until the device has reported it.
 */
export const DeviceHealth = Type.Object({
  deviceId: Uuid,
  lastReportAt: Type.Union([IsoDateTime, Type.Null()]),
  online: Type.Boolean(),
  batteryVoltage: Type.Union([Type.Number(), Type.Null()]),
  /** Phone/tracker battery in percent (OsmAnd `batt`). */
  batteryLevelPercent: Type.Union([Type.Number(), Type.Null()]),
  charging: Type.Union([Type.Boolean(), Type.Null()]),
  ignition: Type.Union([Type.Boolean(), Type.Null()]),
  odometerKm: Type.Union([Type.Number(), Type.Null()]),
  fuelLevelPercent: Type.Union([Type.Number(), Type.Null()]),
  coolantTempC: Type.Union([Type.Number(), Type.Null()]),
  rpm: Type.Union([Type.Number(), Type.Null()]),
  /** Codes in the device's last report that carried a DTC list; empty when it reported none. */
  dtcCodes: Type.Array(DtcCode),
  /** True when the battery is below the tenant's low-battery threshold. */
  lowBattery: Type.Boolean(),
});
export type DeviceHealth = Static<typeof DeviceHealth>;

export const DeviceHealthParams = Type.Object({ deviceId: Uuid }, { additionalProperties: false });
export const DeviceHealthListQuery = Type.Object({ ...SyncQueryFields }, { additionalProperties: false });
export type DeviceHealthListQuery = Static<typeof DeviceHealthListQuery>;
export const DeviceHealthListResponse = Type.Object({ items: Type.Array(DeviceHealth), ...SyncResponseFields });
export type DeviceHealthListResponse = Static<typeof DeviceHealthListResponse>;

/**
 * One record of POST /api/ingest/batch (OBD-II dongles, gateways). Records are validated one
 * by one: a bad record is reported in `rejected` and the others are stored.
 */
export const TelemetryRecord = Type.Object({
  /** The unit id the device is registered with (IMEI / dongle id). */
  deviceId: Type.String({ minLength: 1, maxLength: 64 }),
  /** Device time: ISO-8601, or epoch seconds / milliseconds. At most 30 s ahead of the server clock, not older than the tenant's retention. */
  time: Type.Union([Type.String(), Type.Number()]),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
  course: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
  altitudeM: Type.Optional(Type.Number()),
  accuracyM: Type.Optional(Type.Number({ minimum: 0 })),
  ignition: Type.Optional(Type.Boolean()),
  rpm: Type.Optional(Type.Number({ minimum: 0, maximum: 20000 })),
  coolantTempC: Type.Optional(Type.Number({ minimum: -60, maximum: 200 })),
  fuelLevelPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  batteryVoltage: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  odometerKm: Type.Optional(Type.Number({ minimum: 0 })),
  /** Active diagnostic trouble codes, e.g. ["P0301"]; an empty list clears them. */
  dtc: Type.Optional(Type.Array(Type.String({ pattern: '^[PCBU][0-3][0-9A-F]{3}$' }), { maxItems: 50 })),
  /** The driver's tag id (key fob, card), when a driver identified: assigns that driver (contract/api/drivers.ts). */
  driverId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' })),
  /** Anything else, kept with the position. */
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type TelemetryRecord = Static<typeof TelemetryRecord>;

export const TelemetryBatchRequest = Type.Object({
  records: Type.Array(Type.Unknown(), { maxItems: 10000, description: 'TelemetryRecord objects, validated one by one.' }),
});
export type TelemetryBatchRequest = Static<typeof TelemetryBatchRequest>;

export const RejectedRecord = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  /** e.g. "records[3].latitude" */
  field: Type.String(),
  message: Type.String(),
  /**
   * unknown_device: the unit is not registered or not assigned to a tenant. outside_retention:
   * older than the tenant keeps positions (its retention would delete it at once). account_suspended:
   * the unit proved itself, but its account is suspended or pending deletion.
   */
  reason: Type.Union([Type.Literal('invalid'), Type.Literal('unknown_device'), Type.Literal('outside_retention'), Type.Literal('account_suspended')]),
});
export type RejectedRecord = Static<typeof RejectedRecord>;

/**
 * Answer of every ingest endpoint that takes a batch. `stored` counts new positions,
 * `duplicates` records already stored (a retry), so a retry is safe and visible. `conflicts`
 * counts records whose unit and time a stored fix with other content already had: they are
 * kept aside, not in the track, and not lost (docs/decisions/0113-same-time-fixes-and-implausible-times.md).
 */
export const IngestResult = Type.Object({
  stored: Type.Integer({ minimum: 0 }),
  duplicates: Type.Integer({ minimum: 0 }),
  conflicts: Type.Optional(Type.Integer({ minimum: 0 })),
  rejected: Type.Array(RejectedRecord),
});
export type IngestResult = Static<typeof IngestResult>;
