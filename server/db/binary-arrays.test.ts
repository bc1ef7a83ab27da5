import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryArray, binaryTextArray } from './binary-arrays.ts';
import { startTestPostgres, type TestPostgres } from '../test/test-postgres.ts';

let postgres: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  postgres = await startTestPostgres();
  client = new pg.Client({ connectionString: await postgres.createDatabase() });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await postgres.stop();
});

/** What PostgreSQL reads from the buffer, as text per element (NULL: null). */
async function readBack(buffer: Buffer, type: string): Promise<(string | null)[]> {
  const result = await client.query<{ v: string | null }>(`SELECT v::text FROM unnest($1::${type}[]) AS v`, [buffer]);
  return result.rows.map((r) => r.v);
}

describe('binary arrays as PostgreSQL reads them', () => {
  it('uuid, including NULL and upper-case hex', async () => {
    const ids = ['0b6f2c39-3d0e-4c6a-9a57-5b7a2e6f1c00', null, 'FFFFFFFF-0000-4000-8000-ABCDEFABCDEF'];
    expect(await readBack(binaryArray('uuid', ids), 'uuid')).toEqual(['0b6f2c39-3d0e-4c6a-9a57-5b7a2e6f1c00', null, 'ffffffff-0000-4000-8000-abcdefabcdef']);
  });

  it('refuses what is not a canonical UUID', () => {
    expect(() => binaryArray('uuid', ['0b6f2c393d0e4c6a9a575b7a2e6f1c00'])).toThrow(/not a UUID/);
    expect(() => binaryArray('uuid', ['0b6f2c39-3d0e-4c6a-9a57-5b7a2e6f1cgg'])).toThrow(/not a UUID/);
    expect(() => binaryArray('uuid', ['0b6f2c39+3d0e-4c6a-9a57-5b7a2e6f1c00'])).toThrow(/not a UUID/);
  });

  it('float8 and float4 keep their values (float4 as float4 rounds them)', async () => {
    const values = [57.70887, -180, 0, 1e-300, null, 11.97456012345678];
    const stored = await client.query<{ v: number | null }>('SELECT v FROM unnest($1::float8[]) AS v', [binaryArray('float8', values)]);
    expect(stored.rows.map((r) => r.v)).toEqual(values);
    const single = await client.query<{ same: boolean }>('SELECT bool_and(a IS NOT DISTINCT FROM b) AS same FROM unnest($1::float4[], $2::float4[]) AS x(a, b)', [
      binaryArray('float4', [83.3, null, -0.5, 359.9]),
      '{83.3,NULL,-0.5,359.9}',
    ]);
    expect(single.rows[0]?.same).toBe(true);
  });

  it('timestamptz from epoch milliseconds, before and after 2000', async () => {
    const times = [Date.UTC(2026, 11, 6, 23, 59, 59, 999), Date.UTC(1999, 11, 31, 23, 59, 59, 1), null, 0];
    const result = await client.query<{ ms: number | null }>("SELECT round(date_part('epoch', v) * 1000) AS ms FROM unnest($1::timestamptz[]) AS v", [binaryArray('timestamptz', times)]);
    expect(result.rows.map((r) => r.ms)).toEqual(times);
  });

  it('int4', async () => {
    expect(await readBack(binaryArray('int4', [0, -1, 2_147_483_647, null]), 'int4')).toEqual(['0', '-1', '2147483647', null]);
  });

  it('xid8 from decimal text, up to 2^64 - 1; anything else is refused', async () => {
    const xids = ['0', '781', null, '4294967297', '18446744073709551615'];
    expect(await readBack(binaryArray('xid8', xids), 'xid8')).toEqual(xids);
    expect(() => binaryArray('xid8', ['-1'])).toThrow(/not a transaction id/);
    expect(() => binaryArray('xid8', ['12a'])).toThrow(/not a transaction id/);
  });

  it('date and bool', async () => {
    expect(await readBack(binaryArray('date', ['2026-12-06', '1999-12-31', null, '2000-01-01']), 'date')).toEqual(['2026-12-06', '1999-12-31', null, '2000-01-01']);
    expect(await readBack(binaryArray('bool', [true, false, null]), 'bool')).toEqual(['true', 'false', null]);
  });

  it('text as UTF-8, with quotes, backslashes, braces and NULL', async () => {
    const texts = ['{"a":"b\\\\c"}', null, 'Göteborg – ☃', '', ','];
    expect(await readBack(binaryTextArray(texts), 'text')).toEqual(texts);
  });

  it('empty arrays', async () => {
    expect(await readBack(binaryArray('float8', []), 'float8')).toEqual([]);
    expect(await readBack(binaryTextArray([]), 'text')).toEqual([]);
  });

  it('a buffer of one type is refused where another is declared', async () => {
    await expect(client.query('SELECT unnest($1::float8[])', [binaryArray('float4', [1])])).rejects.toThrow(/binary data has array element type 700 \(real\) instead of expected 701/);
  });
});
