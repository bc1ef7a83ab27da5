import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Address } from '../../../../contract/api/places.ts';
import type { Point } from '../../../../contract/address-words.ts';
import { AddressBatcher, pointKey } from './address-batcher.ts';

const near = (p: Point): Address => ({ kind: 'street', street: `St ${p.latitude}`, locality: null, source: 'builtin', approximate: false });

describe('AddressBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks once for every point looked up within the window, once per rounded point', async () => {
    const calls: Point[][] = [];
    const batcher = new AddressBatcher(async (points) => {
      calls.push(points);
      return { addresses: points.map(near), offline: false };
    });
    const a = batcher.lookup({ latitude: 57.70001, longitude: 11.97 });
    const b = batcher.lookup({ latitude: 57.70002, longitude: 11.97 });
    const c = batcher.lookup({ latitude: 57.8, longitude: 11.9 });
    await vi.advanceTimersByTimeAsync(40);
    expect(calls).toEqual([
      [
        { latitude: 57.7, longitude: 11.97 },
        { latitude: 57.8, longitude: 11.9 },
      ],
    ]);
    expect((await a).address).toEqual(near({ latitude: 57.7, longitude: 11.97 }));
    expect(await b).toEqual(await a);
    expect((await c).offline).toBe(false);
  });

  it('splits more than 500 points into several calls', async () => {
    const sizes: number[] = [];
    const batcher = new AddressBatcher(async (points) => {
      sizes.push(points.length);
      return { addresses: points.map(near), offline: true };
    });
    const all = Array.from({ length: 1_200 }, (_, i) => batcher.lookup({ latitude: 50 + i * 0.001, longitude: 10 }));
    await vi.advanceTimersByTimeAsync(40);
    expect(sizes).toEqual([500, 500, 200]);
    expect((await all[1_199])?.offline).toBe(true);
  });

  it('fails every look-up of a failed call', async () => {
    const batcher = new AddressBatcher(() => Promise.reject(new Error('offline and never cached')));
    const a = batcher.lookup({ latitude: 1, longitude: 2 });
    const settled = expect(a).rejects.toThrow('offline and never cached');
    await vi.advanceTimersByTimeAsync(40);
    await settled;
  });

  it('keys points by 1e-4 degree', () => {
    expect(pointKey({ latitude: 57.123449, longitude: -0.00004 })).toBe('57.1234,0.0000');
  });
});
