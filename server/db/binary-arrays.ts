/**
 * One-dimensional PostgreSQL arrays in the binary wire format, for large array parameters
 * (`unnest($1::float8[], …)` with thousands of elements per statement).
 *
 * node-postgres sends a Buffer parameter in binary format and everything else as text. As text,
 * an array is escaped element by element in Node and parsed back element by element in
 * PostgreSQL (`array_in`, `float8in`, `uuid_in`: decision 0020 round 2 found the escaping alone
 * at ≈ 13 % of the server's busy time); in binary it is copied. The statement's cast names the
 * type (`$1::uuid[]`), and PostgreSQL checks that the element type in the buffer matches it.
 *
 * Format (array_recv): int32 dimensions, int32 has-nulls flag, element type oid, per dimension
 * int32 length and int32 lower bound, then per element int32 byte length (-1: NULL) and the bytes.
 */

/** Element type oids (pg_type). */
const oid = { bool: 16, int4: 23, text: 25, float4: 700, float8: 701, date: 1082, timestamptz: 1184, uuid: 2950, xid8: 5069 } as const;
type ElementType = keyof typeof oid;

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
export const pgEpochMs = 946_684_800_000;
const dayMs = 86_400_000;
const twoTo32 = 4_294_967_296;

/** Byte width of each fixed-size element type (text varies). */
const width: Record<Exclude<ElementType, 'text'>, number> = { bool: 1, int4: 4, float4: 4, float8: 8, date: 4, timestamptz: 8, uuid: 16, xid8: 8 };

function header(type: ElementType, length: number, bodyBytes: number, hasNull: boolean): { buffer: Buffer; offset: number } {
  if (length === 0) {
    // An empty array has no dimensions.
    const buffer = Buffer.allocUnsafe(12);
    buffer.writeInt32BE(0, 0);
    buffer.writeInt32BE(0, 4);
    buffer.writeUInt32BE(oid[type], 8);
    return { buffer, offset: 12 };
  }
  const buffer = Buffer.allocUnsafe(20 + bodyBytes);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(hasNull ? 1 : 0, 4);
  buffer.writeUInt32BE(oid[type], 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16);
  return { buffer, offset: 20 };
}

/** Writes a 64-bit signed integer held exactly in a double (|v| < 2^53) big-endian. */
export function writeInt64(buffer: Buffer, value: number, offset: number): void {
  const high = Math.floor(value / twoTo32);
  buffer.writeInt32BE(high, offset);
  buffer.writeUInt32BE(value - high * twoTo32, offset + 4);
}

/** Hex digit values by character code (-1: not a hex digit). */
const hexValue = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) {
  hexValue[65 + i] = 10 + i;
  hexValue[97 + i] = 10 + i;
}
/** Where each of a canonical UUID's 16 bytes starts in its text ("8-4-4-4-12"). */
const uuidByteAt = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** A canonical UUID ("8-4-4-4-12" hex) into 16 bytes; throws on anything else. */
export function writeUuid(buffer: Buffer, id: string, offset: number): void {
  if (id.length !== 36 || id[8] !== '-' || id[13] !== '-' || id[18] !== '-' || id[23] !== '-') throw new Error(`not a UUID: ${id}`);
  for (let b = 0; b < 16; b++) {
    const at = uuidByteAt[b] as number;
    // The table covers codes 0–255; anything above is not a hex digit either.
    const high = id.charCodeAt(at) > 255 ? -1 : (hexValue[id.charCodeAt(at)] as number);
    const low = id.charCodeAt(at + 1) > 255 ? -1 : (hexValue[id.charCodeAt(at + 1)] as number);
    if (high < 0 || low < 0) throw new Error(`not a UUID: ${id}`);
    buffer[offset + b] = (high << 4) | low;
  }
}

type Fixed = Exclude<ElementType, 'text'>;
type ValueOf<T extends Fixed> = T extends 'bool' ? boolean : T extends 'uuid' | 'date' | 'xid8' ? string : number;

/**
 * A binary array of a fixed-size type. `int4` takes integers; `timestamptz` takes epoch milliseconds; `date` takes
 * "YYYY-MM-DD"; `uuid` canonical text; `xid8` a transaction id as decimal text (as `changed_xid::text`
 * reads it). null elements are NULL.
 */
export function binaryArray<T extends Fixed>(type: T, values: readonly (ValueOf<T> | null)[]): Buffer {
  const size = width[type];
  let nulls = 0;
  for (const v of values) if (v === null) nulls += 1;
  const { buffer, offset: start } = header(type, values.length, values.length * 4 + (values.length - nulls) * size, nulls > 0);
  let offset = start;
  // Dates of one batch are nearly all the same day: parse each distinct one once.
  let lastDate = '';
  let lastDays = 0;
  for (const value of values) {
    if (value === null) {
      buffer.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    buffer.writeInt32BE(size, offset);
    offset += 4;
    switch (type) {
      case 'bool':
        buffer[offset] = value ? 1 : 0;
        break;
      case 'int4':
        buffer.writeInt32BE(value as number, offset);
        break;
      case 'float4':
        buffer.writeFloatBE(value as number, offset);
        break;
      case 'float8':
        buffer.writeDoubleBE(value as number, offset);
        break;
      case 'timestamptz':
        // Microseconds since 2000-01-01 (integer datetimes, PostgreSQL's only kind since 10).
        writeInt64(buffer, Math.round(((value as number) - pgEpochMs) * 1000), offset);
        break;
      case 'date':
        if (value !== lastDate) {
          lastDate = value as string;
          lastDays = Math.round((Date.parse(`${lastDate}T00:00:00Z`) - pgEpochMs) / dayMs);
          if (!Number.isFinite(lastDays)) throw new Error(`not a date: ${lastDate}`);
        }
        buffer.writeInt32BE(lastDays, offset);
        break;
      case 'uuid':
        writeUuid(buffer, value as string, offset);
        break;
      case 'xid8':
        // An unsigned 64-bit integer (xid8send); BigInt refuses anything but an integer's text.
        if (!/^\d{1,20}$/.test(value as string)) throw new Error(`not a transaction id: ${value as string}`);
        buffer.writeBigUInt64BE(BigInt(value as string), offset);
        break;
    }
    offset += size;
  }
  return buffer;
}

/** A binary text[] (UTF-8); null elements are NULL. */
export function binaryTextArray(values: readonly (string | null)[]): Buffer {
  const lengths = values.map((v) => (v === null ? -1 : Buffer.byteLength(v, 'utf8')));
  let bytes = 0;
  let nulls = 0;
  for (const n of lengths) {
    bytes += 4 + Math.max(0, n);
    if (n < 0) nulls += 1;
  }
  const { buffer, offset: start } = header('text', values.length, bytes, nulls > 0);
  let offset = start;
  values.forEach((value, i) => {
    const n = lengths[i] ?? -1;
    buffer.writeInt32BE(n, offset);
    offset += 4;
    if (value !== null) offset += buffer.write(value, offset, n, 'utf8');
  });
  return buffer;
}
