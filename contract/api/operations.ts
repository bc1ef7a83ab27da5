import { Type, type Static } from 'typebox';
import { TenantStatus } from './tenants.ts';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';

/**
 * The provider's operations overview (issue 14): how every client account's environment is
 * doing. Counts and health only — never a position, a trip or a tenant's user data
 * (docs/decisions/0160-operations-counts-from-ingest-counters.md).
 */

/** Why reports were refused, counted per tenant. */
export const RejectedCounts = Type.Object({
  /** Units whose key the account's `enforce` mode refused. */
  key: Type.Integer({ minimum: 0 }),
  /** Fixes older than the account keeps positions. */
  retention: Type.Integer({ minimum: 0 }),
  /** Over the account's ingest rate (plans). */
  rate: Type.Integer({ minimum: 0 }),
});
export type RejectedCounts = Static<typeof RejectedCounts>;

/** Reports that reached no account: unknown or unassigned units, malformed records. */
export const UnattributedCounts = Type.Object({
  unknown: Type.Integer({ minimum: 0 }),
  invalid: Type.Integer({ minimum: 0 }),
});
export type UnattributedCounts = Static<typeof UnattributedCounts>;

/** One client account in the overview. */
export const TenantOperations = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: TenantStatus,
  units: Type.Object({
    assigned: Type.Integer({ minimum: 0 }),
    /** Reported within the silence window (`silentHours`). */
    reporting: Type.Integer({ minimum: 0 }),
    /** Reported once, not within the window. */
    silent: Type.Integer({ minimum: 0 }),
    neverReported: Type.Integer({ minimum: 0 }),
    lowBattery: Type.Integer({ minimum: 0 }),
    withTroubleCodes: Type.Integer({ minimum: 0 }),
  }),
  /** Positions stored in the last complete minute. */
  messagesPerMinute: Type.Integer({ minimum: 0 }),
  /** Positions stored in the last 24 hours. */
  messagesPerDay: Type.Integer({ minimum: 0 }),
  positionsStored: Type.Integer({ minimum: 0 }),
  /** An estimate: positions × the average size of a stored position (tables and indexes). */
  bytesUsed: Type.Integer({ minimum: 0 }),
  users: Type.Integer({ minimum: 0 }),
  openCriticalAlerts: Type.Integer({ minimum: 0 }),
  /** Refused in the last 24 hours, by reason. */
  rejected: RejectedCounts,
  /** The account's latest report (null: none yet). */
  lastActivityAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type TenantOperations = Static<typeof TenantOperations>;

export const operationsSortFields = ['name', 'units', 'silent', 'messagesPerMinute', 'messagesPerDay', 'positionsStored', 'users', 'openCriticalAlerts', 'rejected', 'lastActivityAt'] as const;
export type OperationsSortField = (typeof operationsSortFields)[number];

const SilentHours = Type.Integer({ minimum: 1, maximum: 720, default: 24, description: 'A unit is silent when it has not reported for this many hours.' });

export const OperationsOverviewQuery = ListQuery(operationsSortFields, {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches the account name.' })),
  silentHours: Type.Optional(SilentHours),
});
export type OperationsOverviewQuery = Static<typeof OperationsOverviewQuery>;

export const OperationsOverview = Type.Object({
  ...Page(TenantOperations).properties,
  /** Sums over every client account (not only this page). */
  totals: Type.Object({
    tenants: Type.Integer({ minimum: 0 }),
    units: Type.Integer({ minimum: 0 }),
    reporting: Type.Integer({ minimum: 0 }),
    silent: Type.Integer({ minimum: 0 }),
    messagesPerMinute: Type.Integer({ minimum: 0 }),
    messagesPerDay: Type.Integer({ minimum: 0 }),
    openCriticalAlerts: Type.Integer({ minimum: 0 }),
  }),
  unattributed: UnattributedCounts,
  generatedAt: IsoDateTime,
});
export type OperationsOverview = Static<typeof OperationsOverview>;

/** One bucket of a tenant's ingest history. */
export const IngestBucket = Type.Object({
  at: IsoDateTime,
  stored: Type.Integer({ minimum: 0 }),
  duplicates: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
});
export type IngestBucket = Static<typeof IngestBucket>;

export const TenantOperationsQuery = Type.Object({ silentHours: Type.Optional(SilentHours) }, { additionalProperties: false });
export type TenantOperationsQuery = Static<typeof TenantOperationsQuery>;

/** A tenant page: the overview row and its history (hourly for 48 h, daily for 30 days). */
export const TenantOperationsDetail = Type.Object({
  tenant: TenantOperations,
  hourly: Type.Array(IngestBucket),
  daily: Type.Array(IngestBucket),
});
export type TenantOperationsDetail = Static<typeof TenantOperationsDetail>;

export const unitHealthFilters = ['all', 'silent', 'low-battery', 'dtc'] as const;
export type UnitHealthFilter = (typeof unitHealthFilters)[number];

export const UnitHealthQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches the unit id, model or account name.' })),
    filter: Type.Optional(Type.Enum(unitHealthFilters)),
    silentHours: Type.Optional(SilentHours),
  },
  { additionalProperties: false },
);
export type UnitHealthQuery = Static<typeof UnitHealthQuery>;

/** One assigned unit's health: no position, only when it last reported and how it is. */
export const UnitHealth = Type.Object({
  unitId: Uuid,
  uniqueId: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  tenantId: Uuid,
  tenantName: Type.String(),
  lastReportAt: Type.Union([IsoDateTime, Type.Null()]),
  batteryLevel: Type.Union([Type.Number(), Type.Null()]),
  batteryVoltage: Type.Union([Type.Number(), Type.Null()]),
  troubleCodes: Type.Integer({ minimum: 0 }),
  /** App or firmware version, where the unit reports one. */
  version: Type.Union([Type.String(), Type.Null()]),
});
export type UnitHealth = Static<typeof UnitHealth>;
export const UnitHealthList = Page(UnitHealth);
export type UnitHealthList = Static<typeof UnitHealthList>;

/** Below these a unit counts as low on battery (percent for phones, volts for vehicle batteries). */
export const lowBatteryPercent = 15;
export const lowBatteryVolts = 11.8;
