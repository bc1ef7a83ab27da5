import { boundAttributes, FieldError, readBoolean, readCourse, readDriverTag, readNumber, readTime, readUniqueId, requireNumber } from './field-readers.ts';
import { emptyReadings, type ParseResult, type Report } from './report.ts';

const mpsToKmh = 3.6;

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldError(field, 'must be an object');
  return value as Record<string, unknown>;
}

function optionalObject(value: unknown, field: string): Record<string, unknown> {
  return value === undefined || value === null ? {} : object(value, field);
}

/**
 * The OsmAnd JSON variant newer Traccar Client versions POST (the background-geolocation
 * format): { device_id, location: { timestamp, coords: {...}, battery: {...}, is_moving, extras } }.
 * Unlike the query form, speed here is metres per second and battery level 0–1.
 */
export function parseOsmAndJson(body: unknown, now: number): ParseResult {
  try {
    return { ok: true, report: readJson(body, now) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function readJson(body: unknown, now: number): Report {
  const root = object(body, 'body');
  const uniqueId = readUniqueId(root.device_id, 'device_id');
  const location = object(root.location, 'location');
  const coords = object(location.coords, 'location.coords');
  const battery = optionalObject(location.battery, 'location.battery');
  const extras = optionalObject(location.extras, 'location.extras');
  const speed = readNumber(coords.speed, 'location.coords.speed', -1, 200);
  const level = readNumber(battery.level, 'location.battery.level', -1, 1);
  const attributes: Record<string, unknown> = { ...extras };
  const moving = readBoolean(location.is_moving, 'location.is_moving');
  if (moving !== null) attributes.motion = moving;
  if (typeof location.event === 'string') attributes.event = location.event.slice(0, 64);
  const odometerM = readNumber(location.odometer, 'location.odometer', 0, 1e10);
  return {
    ...emptyReadings,
    uniqueId,
    fixTime: location.timestamp === undefined ? now : readTime(location.timestamp, 'location.timestamp', now),
    latitude: requireNumber(coords.latitude, 'location.coords.latitude', -90, 90),
    longitude: requireNumber(coords.longitude, 'location.coords.longitude', -180, 180),
    // The library reports -1 for "unknown" speed and heading.
    speedKmh: speed === null || speed < 0 ? 0 : speed * mpsToKmh,
    course: readNumber(coords.heading, 'location.coords.heading', -360, 360) === -1 ? 0 : readCourse(coords.heading, 'location.coords.heading'),
    altitudeM: readNumber(coords.altitude, 'location.coords.altitude', -1000, 100_000),
    accuracyM: readNumber(coords.accuracy, 'location.coords.accuracy', 0, 1e6),
    batteryLevel: level === null || level < 0 ? null : level * 100,
    charging: readBoolean(battery.is_charging, 'location.battery.is_charging'),
    ignition: readBoolean(extras.ignition, 'location.extras.ignition'),
    odometerKm: odometerM === null ? null : odometerM / 1000,
    driverTag: readDriverTag(extras.driverUniqueId, 'location.extras.driverUniqueId'),
    attributes: boundAttributes(attributes, 'location.extras'),
  };
}
