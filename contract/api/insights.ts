import { Type, type Static } from 'typebox';
import { IsoDate, Uuid } from './ids.ts';

/** The longest period one insights request covers. */
export const maxInsightsDays = 366;

/**
 * GET /api/insights — the fleet's figures for the days [from, to] (both included, calendar days
 * in the tenant's time zone), optionally for one group, vehicle or driver. The previous period is
 * the same number of days just before `from`.
 */
export const InsightsQuery = Type.Object(
  { from: IsoDate, to: IsoDate, groupId: Type.Optional(Uuid), deviceId: Type.Optional(Uuid), driverId: Type.Optional(Uuid) },
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
  /** Fuel burnt in percentage points of the tank (OBD units only). */
  fuelUsedPct: n,
  afterHoursS: n,
  afterHoursKm: n,
  /** Vehicles that drove at least once, and vehicle-days with driving. */
  vehiclesUsed: Type.Integer(),
  vehicleDaysUsed: Type.Integer(),
});
export type InsightsTotals = Static<typeof InsightsTotals>;

export const InsightsDay = Type.Object({ day: IsoDate, distanceKm: n, drivingS: n, idleS: n, overspeedS: n, harshEvents: Type.Integer(), vehiclesUsed: Type.Integer() });
export type InsightsDay = Static<typeof InsightsDay>;

/** One vehicle's figures over the period (every vehicle in the selection, also unused ones). */
export const InsightsVehicle = Type.Object({ deviceId: Uuid, ...InsightsTotals.properties });
export type InsightsVehicle = Static<typeof InsightsVehicle>;

/**
 * One driver's figures and score: 100 minus penalties for harsh events per 100 km (×5), the share
 * of driving time over the limit (×100) and the idle share (×20), never below 0.
 */
export const InsightsDriver = Type.Object({ driverId: Uuid, score: n, ...InsightsTotals.properties });
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
  vehicles: Type.Array(InsightsVehicle),
  drivers: Type.Array(InsightsDriver),
});
export type InsightsResponse = Static<typeof InsightsResponse>;
