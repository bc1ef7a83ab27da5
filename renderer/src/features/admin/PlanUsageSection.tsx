import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { PlanUsageMeters } from './PlanUsageMeters.tsx';
import { useAdminQuery } from './use-admin.ts';

/** A client account's plan and what it uses of it (its admins plan ahead: vehicles, users, storage). */
export function PlanUsageSection({ workspaceId }: { workspaceId: string }) {
  const view = useAdminQuery(workspaceId, 'plan-usage', null, (b) => b.admin.planUsage({ workspaceId }));
  const units = useUnits();
  if (view.isPending) return <Spinner />;
  if (!view.data) return <ErrorNote error={view.error} />;
  const { plan, isDefault } = view.data;
  return (
    <section className="admin-section plan">
      <h3>Plan and usage</h3>
      <PlanUsageMeters view={view.data} label="Usage against the plan" />
      <p className="admin-muted">
        {isDefault ? 'Your account has the standard plan. ' : ''}Positions are kept at most {units.number(plan.retentionDays)} days (your own setting may keep them for less). Reports over the
        ingest rate are refused with a “retry later” that devices follow; nothing they were told was stored is lost. Ask your provider to change the plan.
      </p>
    </section>
  );
}
