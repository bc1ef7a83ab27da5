import { useState, type FormEvent } from 'react';
import type { TenantPlan } from '../../../../contract/api/plans.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { formValue, planFields, planFromForm } from './plan-form.ts';
import { PlanUsageMeters } from './PlanUsageMeters.tsx';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/** The provider sets a client account's plan (decision 0200); usage against it above the form. */
export function PlanEditor({ workspaceId, tenantId, tenantName }: { workspaceId: string; tenantId: string; tenantName: string }) {
  const view = useAdminQuery(workspaceId, 'tenant-plan', { tenantId }, (b) => b.admin.tenantPlan({ workspaceId, tenantId }));
  const save = useAdminMutation(workspaceId, (b, plan: TenantPlan) => b.admin.setTenantPlan({ workspaceId, tenantId, plan }));
  const [invalid, setInvalid] = useState<{ field: keyof TenantPlan; message: string } | null>(null);
  const units = useUnits();
  if (view.isPending) return <Spinner />;
  if (!view.data) return <ErrorNote error={view.error} />;
  const { plan, isDefault, updatedAt } = view.data;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = planFromForm(new FormData(event.currentTarget));
    if (!read.ok) return setInvalid({ field: read.field, message: read.message });
    setInvalid(null);
    save.mutate(read.plan, { onSuccess: () => toast.success(`Plan saved for ${tenantName}`) });
  };

  return (
    <section className="admin-section plan" aria-label="Plan and quotas">
      <h3>Plan and quotas</h3>
      <p className="admin-muted" data-testid="plan-origin">
        {isDefault ? 'Default plan (this account has no plan of its own yet).' : `Own plan${updatedAt ? `, set ${units.dateTime(Date.parse(updatedAt))}` : ''}.`}
      </p>
      <PlanUsageMeters view={view.data} label={`${tenantName} usage against its plan`} />
      <form className="admin-form plan__form" onSubmit={onSubmit} noValidate key={updatedAt ?? 'default'}>
        <div className="admin-grid">
          {planFields.map((f) => (
            <TextField
              key={f.name}
              id={`plan-${f.name}`}
              name={f.name}
              type="number"
              inputMode={f.step === 1 ? 'numeric' : 'decimal'}
              min={f.min}
              max={f.max}
              step={f.step}
              label={f.label}
              hint={f.hint}
              error={invalid?.field === f.name ? invalid.message : undefined}
              defaultValue={formValue(plan, f.name)}
              required
            />
          ))}
        </div>
        <ErrorNote error={save.error} />
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            Save plan
          </button>
        </div>
      </form>
    </section>
  );
}
