import { describe, expect, it } from 'vitest';
import { decodeKeyset } from './sync-cursor.ts';

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const id = '7c2f6a1e-5d4b-4c3a-9f8e-1a2b3c4d5e6f';

describe('keyset cursors (S4)', () => {
  it('reads what the lists write', () => {
    expect(decodeKeyset(cursor(['2026-12-06T10:00:00.000Z', id]), 'time')).toEqual({ key: '2026-12-06T10:00:00.000Z', id });
    expect(decodeKeyset(cursor(['2026-12-06 10:00:00.123456+00', id]), 'time')).not.toBeNull();
    expect(decodeKeyset(cursor(['depot a', id]), 'text')).toEqual({ key: 'depot a', id });
  });

  it('refuses forged and mangled cursors before they reach PostgreSQL', () => {
    for (const bad of [
      cursor(['not a time', id]),
      cursor(['2026-02-30T25:61:00Z', id]),
      cursor(['2026-12-06T10:00:00Z', 'not-a-uuid']),
      cursor(['a\u0000b', id]),
      cursor({ key: 'x' }),
      `${cursor(['2026-12-06T10:00:00.000Z', id])}==`,
      'bm90IGpzb24',
      '!!!',
    ]) {
      expect(decodeKeyset(bad, bad.includes('bm90') ? 'text' : 'time'), bad).toBeNull();
    }
  });
});
