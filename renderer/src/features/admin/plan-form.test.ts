import { describe, expect, it } from 'vitest';
import type { TenantPlan, TenantPlanView } from '../../../../contract/api/plans.ts';
import { formValue, planFromForm, usageLevel, usageRows } from './plan-form.ts';

const plan: TenantPlan = { maxUnits: 10, maxUsers: 5, retentionDays: 90, storageBytes: 2_500_000_000, ingestRate: 100, ingestBurst: 500, apiRate: 20 };
const form = (change: Record<string, string> = {}) => {
  const data = new FormData();
  for (const [k, v] of Object.entries({ maxUnits: '10', maxUsers: '5', retentionDays: '90', storageBytes: '2.5', ingestRate: '100', ingestBurst: '500', apiRate: '20', ...change })) data.set(k, v);
  return data;
};

describe('plan form', () => {
  it('reads a plan, storage in GB', () => {
    expect(planFromForm(form())).toEqual({ ok: true, plan });
    expect(formValue(plan, 'storageBytes')).toBe(2.5);
    expect(formValue(plan, 'maxUnits')).toBe(10);
  });

  it('names the field of a value out of range, not a number, or not whole', () => {
    expect(planFromForm(form({ maxUnits: '-1' }))).toMatchObject({ ok: false, field: 'maxUnits' });
    expect(planFromForm(form({ retentionDays: '' }))).toMatchObject({ ok: false, field: 'retentionDays', message: 'Retention (days) needs a number.' });
    expect(planFromForm(form({ maxUsers: '2.5' }))).toMatchObject({ ok: false, field: 'maxUsers', message: 'Max users must be a whole number.' });
  });

  it('refuses a burst below the rate', () => {
    expect(planFromForm(form({ ingestBurst: '50' }))).toMatchObject({ ok: false, field: 'ingestBurst' });
  });
});

describe('usage against the plan', () => {
  const view: TenantPlanView = { plan, isDefault: false, updatedAt: null, usage: { units: 10, users: 4, positions: 1234, storageBytes: 1_000_000_000 } };
  it('shows each quota with its use and level', () => {
    const rows = usageRows(view, String);
    expect(rows[0]).toEqual({ label: 'Vehicles', used: '10', limit: '10', ratio: 1 });
    expect(usageLevel(rows[0]?.ratio ?? null)).toBe('full');
    expect(usageLevel(rows[1]?.ratio ?? null)).toBe('near');
    expect(rows[2]).toMatchObject({ used: '1.0 GB', limit: '2.5 GB' });
    expect(usageLevel(rows[2]?.ratio ?? null)).toBe('ok');
    expect(usageLevel(rows[3]?.ratio ?? null)).toBeNull();
  });
});
