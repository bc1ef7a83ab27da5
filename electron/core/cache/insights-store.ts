import type { InsightsQuery, InsightsResponse } from '../../../contract/api/insights.ts';
import type { CacheDb } from './cache-db.ts';

/** Answers kept per workspace: enough for weeks of browsing periods and pages, small on disk. */
export const maxCachedInsights = 200;

/**
 * The cache key of a question: its fields in a fixed order, defaults filled in, so "sorted by
 * distance" asked with and without `sort=distanceKm` finds the same answer.
 */
export function insightsQuestion(q: InsightsQuery): string {
  return JSON.stringify([q.from, q.to, q.groupId ?? null, q.deviceId ?? null, q.driverId ?? null, q.sort ?? 'distanceKm', q.order ?? 'desc', q.limit ?? 50, q.offset ?? 0, ...(q.driverOffset ? [q.driverOffset] : [])]);
}

/** Keeps the answer to a question, and forgets the oldest beyond `maxCachedInsights`. */
export function putInsights(db: CacheDb['writer'], question: string, answer: InsightsResponse, storedAt: number): void {
  db.prepare('INSERT INTO insights_answers (question, json, stored_at) VALUES (?, ?, ?) ON CONFLICT (question) DO UPDATE SET json = excluded.json, stored_at = excluded.stored_at').run(
    question,
    JSON.stringify(answer),
    storedAt,
  );
  db.prepare('DELETE FROM insights_answers WHERE question NOT IN (SELECT question FROM insights_answers ORDER BY stored_at DESC LIMIT ?)').run(maxCachedInsights);
}

export function getInsights(cache: CacheDb, question: string): { answer: InsightsResponse; storedAt: number } | null {
  const row = cache.reader.prepare('SELECT json, stored_at FROM insights_answers WHERE question = ?').get(question);
  return row ? { answer: JSON.parse(row.json as string) as InsightsResponse, storedAt: Number(row.stored_at) } : null;
}
