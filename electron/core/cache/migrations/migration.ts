import type { DatabaseSync } from 'node:sqlite';

/** One numbered schema step. Applied once, in order, inside the transaction that records it. */
export interface CacheMigration {
  version: number;
  name: string;
  up(db: DatabaseSync): void;
}
