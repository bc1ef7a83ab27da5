import type { RecordProblem } from './report.ts';

/** Thrown by the readers below and caught per record, so one bad field rejects one record. */
export class FieldError extends Error {
  readonly problem: RecordProblem;
  constructor(field: string, message: string) {
    super(`${field} ${message}`);
    this.problem = { field, message: `${field} ${message}` };
  }
}

const uniqueIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export function readUniqueId(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || text === '') throw new FieldError(field, 'is required (the unit id the device is registered with)');
  if (!uniqueIdPattern.test(text)) throw new FieldError(field, 'must be 1–64 letters, digits, ".", "_" or "-"');
  return text;
}

const driverTagPattern = /^[\x21-\x7e]{1,64}$/;

/** A driver's key fob / card id (contract/api/drivers.ts `tagId`): 1–64 visible ASCII characters; absent or '' → null. */
export function readDriverTag(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !driverTagPattern.test(text)) throw new FieldError(field, 'must be 1–64 visible ASCII characters (the driver tag id)');
  return text;
}

/** A finite number from a number or a numeric string; `undefined`/'' → null. */
export function readNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) throw new FieldError(field, 'must be a finite number');
  if (number < min || number > max) throw new FieldError(field, `must be between ${min} and ${max}`);
  return number;
}

export function requireNumber(value: unknown, field: string, min: number, max: number): number {
  const number = readNumber(value, field, min, max);
  if (number === null) throw new FieldError(field, 'is required');
  return number;
}

/** true/false, 1/0, "true"/"false", "1"/"0"; absent → null. */
export function readBoolean(value: unknown, field: string): boolean | null {
  if (value === undefined || value === null || value === '') return null;
  if (value === true || value === 1 || value === 'true' || value === '1') return true;
  if (value === false || value === 0 || value === 'false' || value === '0') return false;
  throw new FieldError(field, 'must be true or false');
}

/**
 * Reports may be at most this far ahead of the server clock. GPS time is exact; the tolerance
 * covers a server clock that is a little behind. A fix further ahead would become the device's
 * latest position and make its real fixes "late" until the clock caught up (issue 15 R6,
 * decision 0113), so it is refused with this reason.
 */
export const maxFutureMs = 30_000;
/**
 * And at most this old: the longest retention a tenant can choose (contract/api/settings.ts,
 * retentionDays ≤ 3650). The tenant's own retention is checked once the unit is resolved
 * (`IngestPipeline`): a fix it would delete on arrival is refused there.
 */
export const maxAgeMs = 3650 * 86_400_000;

/**
 * Device time as epoch seconds, epoch milliseconds or ISO-8601 (what OsmAnd clients send).
 * Numbers below 10^11 are seconds: that is the year 5138 in seconds, 1973 in milliseconds.
 */
export function readTime(value: unknown, field: string, now: number): number {
  let ms: number;
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new FieldError(field, 'must be a time');
    ms = number < 1e11 ? number * 1000 : number;
  } else if (typeof value === 'string' && value !== '') {
    // Only ISO-8601-like strings: Date.parse accepts far more than we want to promise.
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value.trim())) {
      throw new FieldError(field, 'must be epoch seconds, epoch milliseconds or an ISO-8601 time');
    }
    ms = Date.parse(value.trim().replace(' ', 'T'));
  } else if (value === undefined || value === null || value === '') {
    throw new FieldError(field, 'is required');
  } else {
    throw new FieldError(field, 'must be epoch seconds, epoch milliseconds or an ISO-8601 time');
  }
  if (!Number.isFinite(ms)) throw new FieldError(field, 'is not a valid time');
  ms = Math.round(ms);
  if (ms > now + maxFutureMs) throw new FieldError(field, `is more than ${maxFutureMs / 1000} seconds ahead of the server clock`);
  if (ms < now - maxAgeMs) throw new FieldError(field, 'is older than any retention (10 years)');
  return ms;
}

/** Course normalised into 0–360 (some devices send -180–180). */
export function readCourse(value: unknown, field: string): number {
  const course = readNumber(value, field, -360, 360);
  if (course === null) return 0;
  return course < 0 ? course + 360 : course;
}

const maxAttributeBytes = 4096;

/** Extra fields are kept, but bounded: a hostile client must not store megabytes per fix. */
export function boundAttributes(attributes: Record<string, unknown>, field: string): Record<string, unknown> {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return attributes;
  if (keys.length > 50) throw new FieldError(field, 'has more than 50 extra fields');
  const size = JSON.stringify(attributes).length;
  if (size > maxAttributeBytes) throw new FieldError(field, `extra fields must stay under ${maxAttributeBytes} bytes`);
  return attributes;
}
