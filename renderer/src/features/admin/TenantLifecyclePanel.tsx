import { useState } from 'react';
import { Spinner } from '../../ui/Spinner.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ScheduleDeletionDialog } from './ScheduleDeletionDialog.tsx';
import { TenantExportPanel } from './TenantExportPanel.tsx';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/** The provider's lifecycle actions on one client account (tenants.manage; decision 0250). */
export function TenantLifecyclePanel({ workspaceId, tenantId }: { workspaceId: string; tenantId: string }) {
  const units = useUnits();
  const tenant = useAdminQuery(workspaceId, 'tenant', { tenantId }, (b) => b.admin.getTenant({ workspaceId, tenantId }));
  const restore = useAdminMutation(workspaceId, (b, _: null) => b.admin.restoreTenant({ workspaceId, tenantId }));
  const [confirming, setConfirming] = useState(false);
  if (tenant.isPending) return <Spinner />;
  const t = tenant.data;
  if (!t) return <ErrorNote error={tenant.error} />;
  const pending = t.status === 'pending-deletion';

  return (
    <section className="admin-section lifecycle" aria-label="Account lifecycle">
      <h3>Account lifecycle</h3>
      <TenantExportPanel workspaceId={workspaceId} tenantId={t.id} tenantName={t.name} />
      <div className="lifecycle__block">
        <h4>Delete account</h4>
        {pending ? (
          <>
            <p className="lifecycle__pending" role="status" data-testid="pending-deletion">
              {t.name} is closed: nobody can sign in and its units are refused. All its data will be deleted on{' '}
              <strong>{t.purgeAt ? units.dateTime(Date.parse(t.purgeAt)) : '…'}</strong>. Restore it to undo, with everything intact.
            </p>
            <button
              type="button"
              className="button button--primary"
              disabled={restore.isPending}
              onClick={() => restore.mutate(null, { onSuccess: (r) => toast.success(`${r.name} is restored`) })}
            >
              Restore {t.name}
            </button>
          </>
        ) : (
          <>
            <p className="admin-muted">
              Closes the account now and deletes all its data after a grace period; until then it can be restored.
              {t.deviceCount > 0 ? ` Its ${units.number(t.deviceCount)} units go back to the inventory when it is deleted.` : ''}
            </p>
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
              Schedule deletion…
            </button>
          </>
        )}
        <ErrorNote error={restore.error} />
      </div>
      {confirming && <ScheduleDeletionDialog workspaceId={workspaceId} tenant={t} onClose={() => setConfirming(false)} />}
    </section>
  );
}
