import { describe, expect, it } from 'vitest';
import { TenantQueues } from './tenant-queues.ts';

interface Part {
  tenantId: string;
  reports: number[];
  /** Arrival order within its tenant. */
  seq: number;
}

const equal = () => 1;

/** `count` parts of `size` fixes each for a tenant, numbered from `from`. */
function fill(queues: TenantQueues<Part>, tenantId: string, count: number, size = 1, from = 0): void {
  for (let i = 0; i < count; i += 1) queues.push({ tenantId, reports: Array.from({ length: size }, () => i), seq: from + i });
}

const fixesOf = (parts: readonly Part[], tenantId: string) => parts.filter((p) => p.tenantId === tenantId).reduce((n, p) => n + p.reports.length, 0);

describe('TenantQueues', () => {
  it('hands over everything when no more than the cap waits, each tenant in arrival order', () => {
    const queues = new TenantQueues<Part>();
    fill(queues, 'a', 3);
    fill(queues, 'b', 2);
    const taken = queues.take(5, equal);
    expect(taken.map((p) => `${p.tenantId}${p.seq}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(queues.queued).toBe(0);
  });

  it("takes a small tenant's fixes in the first capped flush, however long the other's backlog", () => {
    const queues = new TenantQueues<Part>();
    fill(queues, 'a', 5000);
    fill(queues, 'b', 10);
    const first = queues.take(100, equal);
    expect(fixesOf(first, 'b')).toBe(10);
    expect(fixesOf(first, 'a')).toBe(90);
    expect(queues.queuedOf('a')).toBe(4910);
    expect(queues.queuedOf('b')).toBe(0);
  });

  it('shares capped flushes by weight while both tenants are backlogged', () => {
    const queues = new TenantQueues<Part>();
    fill(queues, 'a', 10_000);
    fill(queues, 'b', 10_000);
    const weightOf = (t: string) => (t === 'a' ? 3 : 1);
    let a = 0;
    let b = 0;
    for (let flush = 0; flush < 20; flush += 1) {
      const taken = queues.take(100, weightOf);
      a += fixesOf(taken, 'a');
      b += fixesOf(taken, 'b');
    }
    expect(a + b).toBe(2000);
    // 3:1 within a turn's rounding over twenty flushes.
    expect(a / b).toBeGreaterThan(2.8);
    expect(a / b).toBeLessThan(3.2);
  });

  it('keeps each tenant in arrival order across flushes', () => {
    const queues = new TenantQueues<Part>();
    fill(queues, 'a', 50);
    fill(queues, 'b', 50);
    const seen: Part[] = [];
    while (queues.queued > 0) seen.push(...queues.take(7, equal));
    for (const tenantId of ['a', 'b']) expect(seen.filter((p) => p.tenantId === tenantId).map((p) => p.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('takes a part larger than a turn once its tenant has earned it, and never splits it', () => {
    const queues = new TenantQueues<Part>();
    fill(queues, 'a', 1, 500);
    fill(queues, 'b', 1000);
    const flushes: Part[][] = [];
    while (queues.queuedOf('a') > 0) flushes.push(queues.take(100, equal));
    const big = flushes.at(-1)?.find((p) => p.tenantId === 'a');
    expect(big?.reports).toHaveLength(500);
    // Earned at half of each 100-fix flush: five flushes, b served all along.
    expect(flushes).toHaveLength(5);
    expect(flushes.slice(0, -1).every((f) => fixesOf(f, 'b') >= 50)).toBe(true);
  });

  it('gives tenants their turns in rotation when a flush holds less than one turn each', () => {
    const queues = new TenantQueues<Part>();
    for (const tenantId of ['a', 'b', 'c']) fill(queues, tenantId, 10);
    const order = Array.from({ length: 6 }, () => queues.take(1, equal).map((p) => p.tenantId).join(''));
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });
});
