import { boundAttributes, FieldError, readBoolean, readCourse, readDriverTag, readNumber, readTime, readUniqueId, requireNumber } from './field-readers.ts';
import { emptyReadings, type ParseResult, type Report } from './report.ts';

const knotsToKmh = 1.852;

// Fields the OsmAnd protocol defines; everything else is kept as an attribute (Traccar does too).
const known = new Set([
  'id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'altitude',
  'accuracy', 'hdop', 'batt', 'charge', 'valid', 'ignition', 'power', 'battery',
  // The unit's key (device authentication): checked by the route, never stored.
  'key',
  // The driver's tag (Traccar's attribute name): read into the report, kept with the fix below.
  'driverUniqueId',
]);

/**
 * The OsmAnd protocol as Traccar Client and many trackers send it: one fix as query string or
 * form fields. Speed is in knots; `location` may replace lat/lon as "lat,lon"; a missing
 * timestamp means "now".
 */
export function parseOsmAnd(fields: Record<string, unknown>, now: number): ParseResult {
  try {
    return { ok: true, report: readOsmAnd(fields, now) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function single(value: unknown): unknown {
  // A repeated query parameter arrives as an array; the last one wins, as in Traccar.
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function readOsmAnd(raw: Record<string, unknown>, now: number): Report {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) fields[key] = single(value);
  const uniqueId = readUniqueId(fields.id ?? fields.deviceid, fields.id !== undefined ? 'id' : 'deviceid');
  let latitude: number;
  let longitude: number;
  if (fields.lat === undefined && fields.lon === undefined && typeof fields.location === 'string') {
    const [lat, lon, extra] = fields.location.split(',');
    if (extra !== undefined) throw new FieldError('location', 'must be "latitude,longitude"');
    latitude = requireNumber(lat, 'location', -90, 90);
    longitude = requireNumber(lon, 'location', -180, 180);
  } else {
    latitude = requireNumber(fields.lat, 'lat', -90, 90);
    longitude = requireNumber(fields.lon, 'lon', -180, 180);
  }
  const fixTime = fields.timestamp === undefined || fields.timestamp === '' ? now : readTime(fields.timestamp, 'timestamp', now);
  const speedKnots = readNumber(fields.speed, 'speed', 0, 300) ?? 0;
  const courseField = fields.bearing !== undefined ? 'bearing' : 'heading';
  const accuracy = readNumber(fields.accuracy, 'accuracy', 0, 1e6);
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!known.has(key) && key.length <= 64) attributes[key] = value;
  }
  // HDOP is a unitless dilution of precision, not metres (issue 15 R6): kept as what it is.
  // Metres would need the receiver's range error, which no tracker sends (decision 0113).
  const hdop = readNumber(fields.hdop, 'hdop', 0, 1e3);
  if (hdop !== null) attributes.hdop = hdop;
  return {
    ...emptyReadings,
    uniqueId,
    fixTime,
    latitude,
    longitude,
    speedKmh: speedKnots * knotsToKmh,
    course: readCourse(fields[courseField], courseField),
    altitudeM: readNumber(fields.altitude, 'altitude', -1000, 100_000),
    accuracyM: accuracy,
    valid: readBoolean(fields.valid, 'valid') ?? true,
    ignition: readBoolean(fields.ignition, 'ignition'),
    batteryLevel: readNumber(fields.batt, 'batt', 0, 100),
    charging: readBoolean(fields.charge, 'charge'),
    batteryVoltage: readNumber(fields.power ?? fields.battery, fields.power !== undefined ? 'power' : 'battery', 0, 60),
    driverTag: readDriverTag(fields.driverUniqueId, 'driverUniqueId'),
    attributes: boundAttributes(attributes, 'attributes'),
  };
}
