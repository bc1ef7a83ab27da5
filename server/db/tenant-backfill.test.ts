import { describe, expect, it } from 'vitest';
import type { FleetDb } from './fleet-db.ts';
import { startTenantBackfill } from './tenant-backfill.ts';

/** Only the tenant listing is read from the database here; the rounds are the test's own. */
const twoTenants = { query: async () => ({ rows: [{ tenant_id: 'a' }, { tenant_id: 'b' }] }) } as unknown as FleetDb;

describe('startTenantBackfill', () => {
  it('works each tenant until a round finds nothing, and counts what the rounds did', async () => {
    const left = new Map([['a', [3, 2]], ['b', [4]]]);
    const calls: string[] = [];
    const job = startTenantBackfill(twoTenants, async (tenantId) => {
      calls.push(tenantId);
      return left.get(tenantId)?.shift() ?? 0;
    });
    expect(await job.done).toBe(9);
    expect(calls).toEqual(['a', 'a', 'a', 'b', 'b']);
  });

  it('stops between rounds', async () => {
    let rounds = 0;
    const job = startTenantBackfill(twoTenants, async () => {
      rounds += 1;
      if (rounds === 2) job.stop();
      return 10;
    });
    expect(await job.done).toBe(20);
    expect(rounds).toBe(2);
  });
});
