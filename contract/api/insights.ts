import { Type, type Static } from 'typebox';
import { IsoDate, Uuid } from './ids.ts';

/** The longest period one insights request covers. */
export const maxInsightsDays = 366;

/**
 * GET /api/insights — the fleet's figures for the days [from, to] (both included, calendar days
 * in the tenant's time zone), optionally for one group, vehicle or driver. The previous period is
 * the same number of days just before `from`.
 */
/** The figures the vehicle and driver lists can be ranked by (server-side, before paging). */
export const insightsSortKeys = [
  'distanceKm', 'drivingS', 'idleS', 'idleShare', 'engineS', 'stops', 'topSpeedKmh', 'avgSpeedKmh', 'overspeedS', 'overspeedEvents',
  'harshPer100Km', 'fuelUsedPct', 'afterHoursS', 'vehicleDaysUsed', 'score',
] as const;
export type InsightsSortKey = (typeof insightsSortKeys)[number];
export const InsightsSortKey = Type.Enum(insightsSortKeys);
const SortOrder = Type.Enum(['asc', 'desc']);
/** The most rows one list may carry per answer: a fleet of 10,000 is read page by page. */
export const maxInsightsPage = 500;

export const InsightsQuery = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    groupId: Type.Optional(Uuid),
    deviceId: Type.Optional(Uuid),
    driverId: Type.Optional(Uuid),
    /** Ranks both lists (default distanceKm); `order` defaults to desc. */
    sort: Type.Optional(InsightsSortKey),
    order: Type.Optional(SortOrder),
    /** Rows per list (default 50, at most maxInsightsPage) and how many vehicles to skip. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxInsightsPage })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** How many drivers to skip: the drivers are paged on their own (a fleet has fewer of them). */
    driverOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type InsightsQuery = Static<typeof InsightsQuery>;

const n = Type.Number();
/** Sums over vehicle-days; shares and rates are derived from the sums. */
export const InsightsTotals = Type.Object({
  distanceKm: n,
  drivingS: n,
  idleS: n,
  engineS: n,
  /** idle / (driving + idle), 0–1; 0 when the vehicles did neither. */
  idleShare: n,
  stops: Type.Integer(),
  topSpeedKmh: n,
  /** Distance over driving time. */
  avgSpeedKmh: n,
  overspeedS: n,
  overspeedEvents: Type.Integer(),
  harshAcceleration: Type.Integer(),
  harshBraking: Type.Integer(),
  /** (harsh accelerations + brakings) per 100 km driven. */
  harshPer100Km: n,
  /**
   * Fuel burnt in percentage points of the tank (OBD units only); null when no vehicle of the
   * selection reported a fuel level in the period ("not reported", not 0).
   */
  fuelUsedPct: Type.Union([n, Type.Null()]),
  afterHoursS: n,
  afterHoursKm: n,
  /** Vehicles that drove at least once, and vehicle-days with driving. */
  vehiclesUsed: Type.Integer(),
  vehicleDaysUsed: Type.Integer(),
});
export type InsightsTotals = Static<typeof InsightsTotals>;

export const InsightsDay = Type.Object({ day: IsoDate, distanceKm: n, drivingS: n, idleS: n, overspeedS: n, harshEvents: Type.Integer(), vehiclesUsed: Type.Integer() });
export type InsightsDay = Static<typeof InsightsDay>;

/**
 * One vehicle's figures over the period. Every vehicle of the selection is ranked, also unused
 * ones (all zeros), so "least used" sees the ones that never moved. `score` as for drivers.
 */
export const InsightsVehicle = Type.Object({ deviceId: Uuid, name: Type.String(), score: n, ...InsightsTotals.properties });
export type InsightsVehicle = Static<typeof InsightsVehicle>;

/**
 * One driver's figures and score: 100 minus penalties for harsh events per 100 km (×5), the share
 * of driving time over the limit (×100) and the idle share (×20), never below 0.
 */
export const InsightsDriver = Type.Object({ driverId: Uuid, /** Null when the driver is outside the reader's group scope. */ name: Type.Union([Type.String(), Type.Null()]), score: n, ...InsightsTotals.properties });
export type InsightsDriver = Static<typeof InsightsDriver>;

export const InsightsResponse = Type.Object({
  from: IsoDate,
  to: IsoDate,
  previousFrom: IsoDate,
  previousTo: IsoDate,
  timeZone: Type.String(),
  totals: InsightsTotals,
  previous: InsightsTotals,
  /** Trips that began in the period, and alerts opened in it by type. */
  trips: Type.Integer(),
  alertsByType: Type.Record(Type.String(), Type.Integer()),
  series: Type.Array(InsightsDay),
  /** The page of the ranked vehicles (sort, order, offset, limit of the query). */
  vehicles: Type.Array(InsightsVehicle),
  /** Vehicles in the selection (all pages). */
  vehicleCount: Type.Integer(),
  /** The page of the ranked drivers who drove in the period. */
  drivers: Type.Array(InsightsDriver),
  driverCount: Type.Integer(),
  sort: InsightsSortKey,
  order: SortOrder,
  offset: Type.Integer(),
  /** The drivers' page (absent from answers kept offline before drivers were paged on their own: 0). */
  driverOffset: Type.Optional(Type.Integer()),
  limit: Type.Integer(),
});
export type InsightsResponse = Static<typeof InsightsResponse>;
