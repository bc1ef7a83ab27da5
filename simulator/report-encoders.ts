import type { TelemetryRecord } from '../contract/api/telemetry.ts';
import type { VehicleSample } from './vehicle-model.ts';

/**
 * How each kind of unit puts a sample on the wire, exactly as the real devices do (and as
 * server/ingest parses it): Traccar Client's OsmAnd query string (GET), the same fields as an
 * HTML form (POST), its JSON variant (POST, background-geolocation shape), and the OBD-II
 * dongle's TelemetryRecord for POST /api/ingest/batch.
 */
export type Protocol = 'osmand-get' | 'osmand-form' | 'osmand-json' | 'obd-batch';
export const protocols: readonly Protocol[] = ['osmand-get', 'osmand-form', 'osmand-json', 'obd-batch'];

export interface SingleRequest {
  method: 'GET' | 'POST';
  /** Path with query string. */
  path: string;
  contentType: string | null;
  body: string | null;
}

const knotsPerKmh = 1 / 1.852;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Traccar Client sends epoch seconds; above 1 Hz seconds would collide, so milliseconds then. */
const osmAndTimestamp = (t: number) => (t % 1000 === 0 ? String(t / 1000) : String(t));

export function osmAndFields(uniqueId: string, s: VehicleSample): URLSearchParams {
  const fields = new URLSearchParams({
    id: uniqueId,
    timestamp: osmAndTimestamp(s.t),
    lat: s.latitude.toFixed(6),
    lon: s.longitude.toFixed(6),
    speed: round(s.speedKmh * knotsPerKmh, 2).toString(),
    bearing: String(s.course),
    altitude: String(s.altitudeM),
    accuracy: String(s.accuracyM),
    // The phone sits in a holder with a charger that is live while the engine runs.
    batt: round(s.health.phoneBatteryPercent, 0).toString(),
    charge: String(s.ignition),
  });
  return fields;
}

export function encodeOsmAnd(protocol: Exclude<Protocol, 'obd-batch'>, uniqueId: string, s: VehicleSample): SingleRequest {
  if (protocol === 'osmand-get') return { method: 'GET', path: `/?${osmAndFields(uniqueId, s).toString()}`, contentType: null, body: null };
  if (protocol === 'osmand-form') {
    return { method: 'POST', path: '/', contentType: 'application/x-www-form-urlencoded', body: osmAndFields(uniqueId, s).toString() };
  }
  const body = {
    device_id: uniqueId,
    location: {
      timestamp: new Date(s.t).toISOString(),
      coords: {
        latitude: round(s.latitude, 6),
        longitude: round(s.longitude, 6),
        speed: round(s.speedKmh / 3.6, 2),
        heading: s.course,
        altitude: s.altitudeM,
        accuracy: s.accuracyM,
      },
      battery: { level: round(s.health.phoneBatteryPercent / 100, 2), is_charging: s.ignition },
      is_moving: s.moving,
      odometer: Math.round(s.health.odometerKm * 1000),
      extras: {},
    },
  };
  return { method: 'POST', path: '/', contentType: 'application/json', body: JSON.stringify(body) };
}

export function telemetryRecord(uniqueId: string, s: VehicleSample): TelemetryRecord {
  const h = s.health;
  return {
    deviceId: uniqueId,
    time: s.t,
    latitude: round(s.latitude, 6),
    longitude: round(s.longitude, 6),
    speedKmh: round(s.speedKmh, 1),
    course: s.course,
    altitudeM: s.altitudeM,
    accuracyM: s.accuracyM,
    ignition: s.ignition,
    rpm: Math.round(h.rpm),
    coolantTempC: round(h.coolantTempC, 1),
    fuelLevelPercent: round(h.fuelLevelPercent, 1),
    batteryVoltage: round(h.batteryVoltage, 2),
    odometerKm: round(h.odometerKm, 2),
    dtc: [...h.dtc],
  };
}
