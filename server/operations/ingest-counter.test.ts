import { describe, expect, it } from 'vitest';
import { IngestCounter, unattributedTenantId } from './ingest-counter.ts';

const tenant = '11111111-1111-4111-8111-111111111111';

/** A stand-in for the one statement flush() runs: records the rows, or fails when told to. */
function recorder(fail = false) {
  const calls: object[][] = [];
  return {
    calls,
    query: (async (_sql: string, params: [string]) => {
      if (fail) throw new Error('database down');
      calls.push(JSON.parse(params[0]) as object[]);
      return { rows: [] };
    }) as never,
  };
}

describe('IngestCounter', () => {
  it('sums counts per tenant and minute and sends them in one statement', async () => {
    let now = Date.UTC(2026, 11, 6, 12, 0, 10);
    const counter = new IngestCounter({ now: () => now });
    counter.count(tenant, 'stored', 5);
    counter.count(tenant, 'stored', 2);
    counter.count(tenant, 'duplicates', 1);
    counter.count(null, 'unknown', 3);
    now += 60_000;
    counter.count(tenant, 'stored', 4);
    counter.count(tenant, 'retention', 0);
    const db = recorder();
    await counter.flush(db);
    const minute = Date.UTC(2026, 11, 6, 12, 0) / 1000;
    expect(db.calls).toEqual([[
      { t: tenant, m: minute, s: 7, d: 1 },
      { t: unattributedTenantId, m: minute, unk: 3 },
      { t: tenant, m: minute + 60, s: 4 },
    ]]);
    expect(counter.waiting).toBe(0);
    await counter.flush(db);
    expect(db.calls).toHaveLength(1);
  });

  it('keeps the counts of a failed flush for the next one, added to the new ones', async () => {
    const counter = new IngestCounter({ now: () => 0 });
    counter.count(tenant, 'stored', 5);
    await expect(counter.flush(recorder(true))).rejects.toThrow('database down');
    counter.count(tenant, 'stored', 1);
    counter.positionsDeleted(tenant, 2);
    const db = recorder();
    await counter.flush(db);
    expect(db.calls).toEqual([[{ t: tenant, m: 0, s: 6, del: 2 }]]);
  });

  it('stops taking new cells past its bound instead of growing while the database is away', () => {
    const counter = new IngestCounter({ now: () => 0, maxCells: 2 });
    for (const id of ['a', 'b', 'c']) counter.count(id, 'stored', 1);
    expect(counter.waiting).toBe(2);
  });
});
