import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();

describe('day partitions of positions', () => {
  it('are created once when many writers ask for the same new day at the same moment (none fails)', async () => {
    // Two ingest lanes or instances meet here at start-up and at midnight.
    for (let round = 0; round < 5; round++) {
      const day = `2031-0${round + 1}-15`;
      const results = await Promise.all(
        Array.from({ length: 8 }, () => suite.fleet.db.query<{ created: boolean }>('SELECT monitoring_ensure_positions_partition($1::date) AS created', [day])),
      );
      expect(results.filter((r) => r.rows[0]?.created)).toHaveLength(1);
    }
  });
});
