import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admitted, checkDeviceKey, presentedKey } from './device-keys.ts';

const hash = createHash('sha256').update('unit-secret', 'utf8').digest();

describe('device keys', () => {
  it('tells the right key from a wrong one and from none', () => {
    expect(checkDeviceKey(hash, 'unit-secret')).toBe('ok');
    expect(checkDeviceKey(hash, 'unit-secreT')).toBe('wrong');
    expect(checkDeviceKey(hash, 'x'.repeat(10_000))).toBe('wrong');
    expect(checkDeviceKey(hash, null)).toBe('missing');
    expect(checkDeviceKey(hash, '')).toBe('missing');
  });

  it('refuses only in enforce mode', () => {
    expect(admitted('enforce', 'missing')).toBe(false);
    expect(admitted('enforce', 'wrong')).toBe(false);
    expect(admitted('enforce', 'ok')).toBe(true);
    expect(admitted('log', 'wrong')).toBe(true);
    expect(admitted('off', 'missing')).toBe(true);
  });

  it('reads the last of repeated values, trimmed', () => {
    expect(presentedKey(['a', ' b '])).toBe('b');
    expect(presentedKey('  ')).toBeNull();
    expect(presentedKey(42)).toBeNull();
  });
});
