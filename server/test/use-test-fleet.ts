import { afterAll, beforeAll } from 'vitest';
import type { appConfig } from '../config.ts';
import { createTestFleet, type TestFleet } from './test-fleet.ts';
import { startTestPostgres, type TestPostgres } from './test-postgres.ts';

export interface TestFleetSuite {
  /** Available from the file's own beforeAll hooks on (they run after this one). */
  readonly fleet: TestFleet;
  readonly postgres: TestPostgres;
}

/**
 * The usual test-file setup: one embedded PostgreSQL and a seeded fleet on a fresh database,
 * torn down after the file. Call it at the top of the file, before the file's own hooks.
 */
export function useTestFleet(overrides: Parameters<typeof appConfig>[1] = {}): TestFleetSuite {
  let postgres: TestPostgres | undefined;
  let fleet: TestFleet | undefined;
  beforeAll(async () => {
    postgres = await startTestPostgres();
    fleet = await createTestFleet(postgres, overrides);
  });
  afterAll(async () => {
    await fleet?.close();
    await postgres?.stop();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useTestFleet: ${name} is read before its beforeAll hook ran`);
    return value;
  };
  return {
    get fleet() {
      return ready(fleet, 'fleet');
    },
    get postgres() {
      return ready(postgres, 'postgres');
    },
  };
}
