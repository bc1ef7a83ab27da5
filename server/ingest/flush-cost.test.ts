import { describe, expect, it } from 'vitest';
import { FlushCost } from './flush-cost.ts';

/** A flush of `fixes` costing `fixedMs` + `perFixMs` each. */
const cost = (fixedMs: number, perFixMs: number) => (fixes: number) => fixedMs + perFixMs * fixes;

describe('FlushCost', () => {
  it('takes everything until a flush was measured', () => {
    expect(new FlushCost().capFor(100, 100)).toBe(Infinity);
  });

  it('separates a fixed cost from the cost per fix, and sizes the cap by the per-fix part alone', () => {
    const model = new FlushCost();
    const flush = cost(200, 0.5);
    for (const n of [100, 300, 150, 400, 250, 500]) model.add(n, flush(n));
    expect(model.fixedMs).toBeCloseTo(200, 6);
    expect(model.perFixMs).toBeCloseTo(0.5, 6);
    // 100 ms of per-fix work = 200 fixes; the average rate (500 fixes in 450 ms) would have said 111.
    expect(model.capFor(100, 10)).toBe(200);
  });

  it('keeps its fit while every flush is full (the two costs cannot be told apart then)', () => {
    const model = new FlushCost();
    const flush = cost(200, 0.5);
    for (const n of [100, 300, 150, 400]) model.add(n, flush(n));
    // Full flushes of 200 whose time jitters around the line's 300 ms: the fit does not follow the jitter.
    for (let i = 0; i < 50; i += 1) model.add(200, i % 2 === 0 ? 240 : 360);
    expect(model.perFixMs).toBeCloseTo(0.5, 1);
    expect(model.capFor(100, 10)).toBeGreaterThanOrEqual(180);
    expect(model.capFor(100, 10)).toBeLessThanOrEqual(220);
  });

  it('probes a larger flush when every flush so far was the same size, then fits', () => {
    const model = new FlushCost();
    const flush = cost(50, 0.1);
    model.add(10, flush(10));
    model.add(10, flush(10));
    // The average rate says 10 fixes ≈ 51 ms: a cap of 2 → the minimum; probing takes twice the largest.
    expect(model.capFor(10, 10)).toBe(20);
    model.add(20, flush(20));
    expect(model.perFixMs).toBeCloseTo(0.1, 6);
    // 10 ms of per-fix work = 100 fixes, reached by doubling (at most twice the largest recent flush).
    expect(model.capFor(10, 10)).toBe(40);
  });

  it('reads a negative fixed cost as none, and ignores a flush that was bigger and quicker', () => {
    const model = new FlushCost();
    model.add(100, 90);
    model.add(200, 210);
    expect(model.fixedMs).toBe(0);
    // The decayed average rate: about 1 ms per fix.
    expect(model.perFixMs).toBeCloseTo(1, 2);
    const before = model.perFixMs;
    model.add(400, 60); // noise: with it the line through the three falls
    expect(model.perFixMs).toBe(before);
  });
});
