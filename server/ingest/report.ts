/**
 * One position report after parsing, whatever protocol it came in, before device resolution.
 * Units are the API's: km/h, degrees, metres, volts, percent, epoch milliseconds.
 */
export interface Report {
  uniqueId: string;
  fixTime: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  altitudeM: number | null;
  accuracyM: number | null;
  valid: boolean;
  ignition: boolean | null;
  batteryVoltage: number | null;
  batteryLevel: number | null;
  charging: boolean | null;
  rpm: number | null;
  coolantTempC: number | null;
  fuelLevel: number | null;
  odometerKm: number | null;
  /** null: the report said nothing about DTCs; [] clears them. */
  dtc: string[] | null;
  /** The driver's key fob / card id when the unit reported one (server/drivers assigns by it). */
  driverTag: string | null;
  attributes: Record<string, unknown>;
}

/** A report the server owns: resolved to a tenant's device. */
export interface ResolvedReport extends Report {
  tenantId: string;
  deviceId: string;
}

/** Why one record was refused; `field` names the input as the client sent it. */
export interface RecordProblem {
  field: string;
  message: string;
}

export type ParseResult = { ok: true; report: Report } | { ok: false; problem: RecordProblem };

export const emptyReadings = {
  altitudeM: null,
  accuracyM: null,
  valid: true,
  ignition: null,
  batteryVoltage: null,
  batteryLevel: null,
  charging: null,
  rpm: null,
  coolantTempC: null,
  fuelLevel: null,
  odometerKm: null,
  dtc: null,
  driverTag: null,
} as const;
