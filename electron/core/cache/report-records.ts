import type { Alert, AlertType } from '../../../contract/api/alerts.ts';
import type { CacheDb } from './cache-db.ts';

/**
 * Cached alerts of some types that opened in [from, to) (epoch ms), for reports made offline.
 * `created_at` is the alert's openedAt (alerts-store.ts), so the range is an index-free scan of
 * one column over a cache of at most tens of thousands of alerts.
 */
export function alertsOpenedBetween(cache: CacheDb, types: readonly AlertType[], from: number, to: number): Alert[] {
  if (types.length === 0) return [];
  const marks = types.map(() => '?').join(', ');
  return cache.reader
    .prepare(`SELECT json FROM alerts WHERE created_at >= ? AND created_at < ? AND json_extract(json, '$.type') IN (${marks})`)
    .all(from, to, ...types)
    .map((row) => JSON.parse(row.json as string) as Alert);
}
