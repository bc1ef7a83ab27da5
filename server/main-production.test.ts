import { describe, expect, it } from 'vitest';
import { productionEnvironmentProblem } from './main-production.ts';

describe('productionEnvironmentProblem', () => {
  it('accepts DATABASE_URL, or embedded PostgreSQL asked for explicitly', () => {
    expect(productionEnvironmentProblem({ DATABASE_URL: 'postgres://owner:pw@db:5432/fleet' })).toBeNull();
    expect(productionEnvironmentProblem({ EMBEDDED_POSTGRES: '1' })).toBeNull();
    expect(productionEnvironmentProblem({ EMBEDDED_POSTGRES: 'true', DATABASE_URL: '' })).toBeNull();
  });

  it('never falls back to embedded PostgreSQL by itself', () => {
    expect(productionEnvironmentProblem({})).toContain('DATABASE_URL is required in production');
    expect(productionEnvironmentProblem({ EMBEDDED_POSTGRES: '0' })).toContain('DATABASE_URL is required in production');
  });

  it('refuses two databases and a value it cannot read, naming the variable', () => {
    expect(productionEnvironmentProblem({ DATABASE_URL: 'postgres://db/fleet', EMBEDDED_POSTGRES: '1' })).toContain('choose one database');
    expect(productionEnvironmentProblem({ EMBEDDED_POSTGRES: 'maybe' })).toBe('EMBEDDED_POSTGRES must be 1 or 0 (also true/false), not "maybe"');
  });
});
