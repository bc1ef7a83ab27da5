import { createHash } from 'node:crypto';

/**
 * Stable ids for demo rows, derived from a name (RFC 9562 version 8 layout). The same demo
 * entity has the same id in every database, so seeding is idempotent (ON CONFLICT on the key)
 * and other engineers can hard-code demo ids in fixtures if they must.
 */
export function demoId(key: string): string {
  const bytes = createHash('sha256').update(`fleet-demo:${key}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
