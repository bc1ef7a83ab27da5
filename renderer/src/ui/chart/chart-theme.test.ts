import { describe, expect, it } from 'vitest';
import { withAlpha } from './chart-theme.ts';

describe('withAlpha', () => {
  it('adds an alpha channel to a six-digit colour', () => {
    expect(withAlpha('#4493f8', 0.2)).toBe('#4493f833');
    expect(withAlpha('#4493F8', 2)).toBe('#4493F8ff');
  });
  it('leaves other colour forms alone', () => {
    expect(withAlpha('rgb(1 2 3)', 0.5)).toBe('rgb(1 2 3)');
  });
});
