import { describe, expect, it } from 'vitest';
import { TenantLabels } from './tenant-label.ts';

describe('tenant labels', () => {
  it('gives the first tenants their id, later ones "other", and unattributed reports "none"', () => {
    const labels = new TenantLabels(2);
    expect(labels.label('a')).toBe('a');
    expect(labels.label('b')).toBe('b');
    expect(labels.label('c')).toBe('other');
    expect(labels.label('a')).toBe('a');
    expect(labels.label(null)).toBe('none');
    expect(labels.size).toBe(2);
  });

  it('never emits more than the limit plus two distinct values', () => {
    const labels = new TenantLabels(10);
    const seen = new Set(Array.from({ length: 1000 }, (_, i) => labels.label(i % 7 === 0 ? null : `tenant-${i}`)));
    expect(seen.size).toBe(12);
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => new TenantLabels(-1)).toThrow(/whole number/);
    expect(() => new TenantLabels(1.5)).toThrow(/whole number/);
  });
});
