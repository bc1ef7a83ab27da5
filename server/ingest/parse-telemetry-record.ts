import { boundAttributes, FieldError, readBoolean, readCourse, readDriverTag, readNumber, readTime, readUniqueId, requireNumber } from './field-readers.ts';
import type { ParseResult } from './report.ts';

const dtcPattern = /^[PCBU][0-3][0-9A-F]{3}$/;

/** One record of POST /api/ingest/batch (contract TelemetryRecord); `at` prefixes field names. */
export function parseTelemetryRecord(value: unknown, at: string, now: number): ParseResult {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldError(at, 'must be an object');
    const r = value as Record<string, unknown>;
    const f = (name: string) => `${at}.${name}`;
    let dtc: string[] | null = null;
    if (r.dtc !== undefined && r.dtc !== null) {
      if (!Array.isArray(r.dtc) || r.dtc.length > 50) throw new FieldError(f('dtc'), 'must be a list of at most 50 codes');
      dtc = r.dtc.map((code, i) => {
        const text = typeof code === 'string' ? code.trim().toUpperCase() : '';
        if (!dtcPattern.test(text)) throw new FieldError(`${f('dtc')}[${i}]`, 'must be an OBD-II code like P0301');
        return text;
      });
      dtc = [...new Set(dtc)];
    }
    const attributes = r.attributes === undefined || r.attributes === null ? {} : r.attributes;
    if (typeof attributes !== 'object' || Array.isArray(attributes)) throw new FieldError(f('attributes'), 'must be an object');
    return {
      ok: true,
      report: {
        uniqueId: readUniqueId(r.deviceId, f('deviceId')),
        fixTime: readTime(r.time, f('time'), now),
        latitude: requireNumber(r.latitude, f('latitude'), -90, 90),
        longitude: requireNumber(r.longitude, f('longitude'), -180, 180),
        speedKmh: readNumber(r.speedKmh, f('speedKmh'), 0, 500) ?? 0,
        course: readCourse(r.course, f('course')),
        altitudeM: readNumber(r.altitudeM, f('altitudeM'), -1000, 100_000),
        accuracyM: readNumber(r.accuracyM, f('accuracyM'), 0, 1e6),
        valid: true,
        ignition: readBoolean(r.ignition, f('ignition')),
        rpm: readNumber(r.rpm, f('rpm'), 0, 20_000),
        coolantTempC: readNumber(r.coolantTempC, f('coolantTempC'), -60, 200),
        fuelLevel: readNumber(r.fuelLevelPercent, f('fuelLevelPercent'), 0, 100),
        batteryVoltage: readNumber(r.batteryVoltage, f('batteryVoltage'), 0, 60),
        batteryLevel: null,
        charging: null,
        odometerKm: readNumber(r.odometerKm, f('odometerKm'), 0, 1e8),
        dtc,
        driverTag: readDriverTag(r.driverId, f('driverId')),
        attributes: boundAttributes(attributes as Record<string, unknown>, f('attributes')),
      },
    };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, problem: error.problem };
    throw error;
  }
}
