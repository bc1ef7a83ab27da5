import { describe, expect, it } from 'vitest';
import { countOf } from './plural.ts';

describe('countOf', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(countOf(1, 'vehicle', 'vehicles')).toBe('1 vehicle');
    expect(countOf(0, 'vehicle', 'vehicles')).toBe('0 vehicles');
    expect(countOf(2, 'vehicle', 'vehicles')).toBe('2 vehicles');
  });

  it('formats the number with the given formatter', () => {
    expect(countOf(12345, 'vehicle', 'vehicles', (n) => new Intl.NumberFormat('sv-SE').format(n))).toBe('12\u00a0345 vehicles');
  });
});
