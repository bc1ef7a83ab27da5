import { describe, expect, it } from 'vitest';
import { AnswerCache } from './insights-answer-cache.ts';

/** The cache's own rules, without PostgreSQL (the stamps' exactness: insights-answer-cache.test.ts). */
describe('AnswerCache', () => {
  const stamp = (reader: string, versions: string) => ({ reader, versions });

  it('reuses a value only for the same key, reader and versions', async () => {
    const cache = new AnswerCache<number>();
    let made = 0;
    const make = () => Promise.resolve(++made);
    expect(await cache.get('q', stamp('a', 'v1'), make)).toBe(1);
    expect(await cache.get('q', stamp('a', 'v1'), make)).toBe(1);
    expect(await cache.get('q', stamp('b', 'v1'), make)).toBe(2);
    expect(await cache.get('other', stamp('a', 'v1'), make)).toBe(3);
    expect(await cache.get('q', stamp('a', 'v2'), make)).toBe(4);
    // The newer value replaced the older one: going back to v1 makes it again.
    expect(await cache.get('q', stamp('a', 'v1'), make)).toBe(5);
    expect({ hits: cache.hits, misses: cache.misses, size: cache.size }).toEqual({ hits: 1, misses: 5, size: 3 });
  });

  it('drops the least recently used value when full', async () => {
    const cache = new AnswerCache<string>(2);
    const s = stamp('a', 'v');
    await cache.get('x', s, () => Promise.resolve('x'));
    await cache.get('y', s, () => Promise.resolve('y'));
    await cache.get('x', s, () => Promise.resolve('x again'));
    await cache.get('z', s, () => Promise.resolve('z'));
    expect(cache.size).toBe(2);
    expect(await cache.get('x', s, () => Promise.resolve('x made'))).toBe('x');
    expect(await cache.get('y', s, () => Promise.resolve('y made'))).toBe('y made');
  });
});
