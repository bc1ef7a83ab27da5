import { hash, timingSafeEqual } from 'node:crypto';
import type { DeviceAuthMode } from '../../contract/api/tenants.ts';

export type { DeviceAuthMode } from '../../contract/api/tenants.ts';

/** What a report's key proved: the unit's own secret, no key at all, or some other key. */
export type KeyCheck = 'ok' | 'missing' | 'wrong';

/** Longest key we hash: registry secrets are 32 characters; anything far longer is not one. */
const maxKeyLength = 256;

/**
 * Compares a presented key with the unit's stored SHA-256 (registry_devices.secret_hash) in
 * constant time. Pure and in memory: the hash travels with the cached device resolution, so a
 * report costs no query for it.
 */
export function checkDeviceKey(secretHash: Uint8Array, key: string | null): KeyCheck {
  if (key === null || key === '') return 'missing';
  if (key.length > maxKeyLength) return 'wrong';
  // One-shot hash: no Hash object per report (a phone's every request is checked, decision 0283).
  const given = hash('sha256', key, 'buffer');
  return given.length === secretHash.length && timingSafeEqual(given, secretHash) ? 'ok' : 'wrong';
}

/** Whether a report is taken under the tenant's mode: only `enforce` turns a bad key away. */
export function admitted(mode: DeviceAuthMode, check: KeyCheck): boolean {
  return mode !== 'enforce' || check === 'ok';
}

/** A key from a query, form field or header value: the last of repeated values, trimmed. */
export function presentedKey(value: unknown): string | null {
  const last = Array.isArray(value) ? (value[value.length - 1] as unknown) : value;
  if (typeof last !== 'string') return null;
  const key = last.trim();
  return key === '' ? null : key;
}
