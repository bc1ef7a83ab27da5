import { describe, expect, it } from 'vitest';
import { areaWords, detailWords } from './offline-map-words.ts';

describe('offline map packs in words', () => {
  it('says what a pack shows and how big its area is', () => {
    const pack = { bytes: 1, bbox: [11.9, 57.6, 12.1, 57.8] as [number, number, number, number], minZoom: 7, downloadedAt: '2026-12-06T14:00:00Z' };
    expect(detailWords({ ...pack, maxZoom: 14 })).toBe('street names and every road');
    expect(detailWords({ ...pack, maxZoom: 12 })).toBe('main roads and districts');
    expect(detailWords({ ...pack, maxZoom: 9 })).toBe('towns and main roads');
    expect(areaWords(pack.bbox)).toBe('12 × 22 km');
  });
});
