import type { TenantPlan, TenantPlanView } from '../../../../contract/api/plans.ts';
import { apiBurstSeconds } from '../../../../contract/api/plans.ts';
import { formatBytes } from '../../ui/format-bytes.ts';

const gb = 1e9;

/** The plan editor's fields: name, label, unit words, and how the form value maps to the plan. */
export const planFields = [
  { name: 'maxUnits', label: 'Max vehicles', min: 0, max: 10_000_000, step: 1, hint: 'Units that may be assigned at once' },
  { name: 'maxUsers', label: 'Max users', min: 1, max: 1_000_000, step: 1, hint: 'Members of the account' },
  { name: 'retentionDays', label: 'Retention (days)', min: 7, max: 3650, step: 1, hint: 'Positions older than this are deleted' },
  { name: 'storageBytes', label: 'Storage (GB)', min: 0, max: 1_000_000, step: 0.1, hint: 'Shown against usage; not enforced at ingest' },
  { name: 'ingestRate', label: 'Ingest rate (positions/s)', min: 1, max: 1_000_000, step: 1, hint: 'Sustained; also the share when the server is saturated' },
  { name: 'ingestBurst', label: 'Ingest burst (positions)', min: 1, max: 10_000_000, step: 1, hint: 'Taken at once above the rate' },
  { name: 'apiRate', label: 'API requests/s', min: 1, max: 100_000, step: 1, hint: `Bursts of ${apiBurstSeconds} s worth` },
] as const satisfies readonly { name: keyof TenantPlan; label: string; min: number; max: number; step: number; hint: string }[];

/** The value an input shows for a plan field (storage in GB). */
export function formValue(plan: TenantPlan, name: keyof TenantPlan): number {
  return name === 'storageBytes' ? Math.round((plan.storageBytes / gb) * 10) / 10 : plan[name];
}

export type PlanFormResult = { ok: true; plan: TenantPlan } | { ok: false; field: keyof TenantPlan; message: string };

/** Reads the editor's form; a value that is not a number in range names its field. */
export function planFromForm(form: FormData): PlanFormResult {
  const plan: Partial<TenantPlan> = {};
  for (const f of planFields) {
    const text = String(form.get(f.name) ?? '').trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) return { ok: false, field: f.name, message: `${f.label} needs a number.` };
    if (value < f.min || value > f.max) return { ok: false, field: f.name, message: `${f.label} must be between ${f.min} and ${f.max}.` };
    if (f.step === 1 && !Number.isInteger(value)) return { ok: false, field: f.name, message: `${f.label} must be a whole number.` };
    plan[f.name] = f.name === 'storageBytes' ? Math.round(value * gb) : value;
  }
  const complete = plan as TenantPlan;
  if (complete.ingestBurst < complete.ingestRate) {
    return { ok: false, field: 'ingestBurst', message: `Ingest burst must be at least the ingest rate (${complete.ingestRate}).` };
  }
  return { ok: true, plan: complete };
}

export interface UsageRow {
  label: string;
  used: string;
  limit: string;
  /** Share of the limit used, 0–1 (above 1 when over); null when the limit is not a quantity held. */
  ratio: number | null;
}

/** Usage against the plan, as the meters show it. `n` formats numbers in the user's locale. */
export function usageRows(view: TenantPlanView, n: (v: number) => string): UsageRow[] {
  const { plan, usage } = view;
  const ratio = (used: number, max: number) => (max > 0 ? used / max : used > 0 ? Infinity : 0);
  return [
    { label: 'Vehicles', used: n(usage.units), limit: n(plan.maxUnits), ratio: ratio(usage.units, plan.maxUnits) },
    { label: 'Users', used: n(usage.users), limit: n(plan.maxUsers), ratio: ratio(usage.users, plan.maxUsers) },
    { label: 'Storage (estimate)', used: formatBytes(usage.storageBytes), limit: formatBytes(plan.storageBytes), ratio: ratio(usage.storageBytes, plan.storageBytes) },
    { label: 'Positions kept', used: n(usage.positions), limit: `${n(plan.retentionDays)} days`, ratio: null },
    { label: 'Ingest rate', used: `${n(plan.ingestRate)}/s`, limit: `bursts of ${n(plan.ingestBurst)}`, ratio: null },
    { label: 'API requests', used: `${n(plan.apiRate)}/s`, limit: `bursts of ${n(plan.apiRate * apiBurstSeconds)}`, ratio: null },
  ];
}

/** "full" at the limit, "near" from 80 %: the meter's colour and the words read out with it. */
export function usageLevel(ratio: number | null): 'ok' | 'near' | 'full' | null {
  if (ratio === null) return null;
  if (ratio >= 1) return 'full';
  return ratio >= 0.8 ? 'near' : 'ok';
}
