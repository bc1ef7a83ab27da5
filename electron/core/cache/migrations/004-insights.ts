import type { CacheMigration } from './migration.ts';

/**
 * Fleet insights for offline review (issue 13): each answer the fleet cloud gave, under the exact
 * question asked (period, selection, ranking, page; electron/core/cache/insights-store.ts).
 */
export const migration004: CacheMigration = {
  version: 4,
  name: 'insights',
  up(db) {
    db.exec(`
      CREATE TABLE insights_answers (
        question TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX insights_answers_age ON insights_answers (stored_at);
    `);
  },
};
