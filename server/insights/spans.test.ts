import { describe, expect, it } from 'vitest';
import { maxSpanDays, spanCover } from './spans.ts';

const dayMs = 86_400_000;
const number = (day: string) => Date.parse(`${day}T00:00:00Z`) / dayMs;

describe('spanCover', () => {
  it('covers every day of a period exactly once with aligned power-of-two spans', () => {
    for (const [from, to] of [['2026-12-01', '2026-12-07'], ['2026-09-09', '2026-12-07'], ['2025-12-08', '2026-12-08'], ['2026-02-28', '2026-03-01'], ['2026-12-07', '2026-12-07']] as const) {
      const spans = spanCover(from, to);
      const days = spans.flatMap((s) => Array.from({ length: s.days }, (_, i) => number(s.start) + i));
      expect(days).toEqual(Array.from({ length: number(to) - number(from) + 1 }, (_, i) => number(from) + i));
      for (const s of spans) {
        expect(Number.isInteger(Math.log2(s.days)) && s.days <= maxSpanDays, `${s.start} ${s.days}`).toBe(true);
        expect(number(s.start) % s.days, `${s.start} ${s.days}`).toBe(0);
      }
    }
  });

  it('needs few spans: at most 2 per level for any period of up to a year', () => {
    const start = number('2026-01-01');
    let most = 0;
    for (let a = 0; a < 300; a += 7) {
      for (const length of [1, 7, 30, 31, 90, 366]) {
        const from = new Date((start + a) * dayMs).toISOString().slice(0, 10);
        const to = new Date((start + a + length - 1) * dayMs).toISOString().slice(0, 10);
        most = Math.max(most, spanCover(from, to).length);
      }
    }
    expect(most).toBeLessThanOrEqual(2 * Math.log2(maxSpanDays) + 2);
  });

  it('is empty for a reversed period', () => {
    expect(spanCover('2026-12-07', '2026-12-06')).toEqual([]);
  });
});
