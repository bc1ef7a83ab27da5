import { Fragment, useState, type FormEvent } from 'react';
import { RowEditor } from './RowEditor.tsx';
import type { Tenant } from '../../../../contract/api/tenants.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { statusWords } from './lifecycle-words.ts';
import { ScheduleDeletionDialog } from './ScheduleDeletionDialog.tsx';
import { field, useAdminMutation, useAdminQuery } from './use-admin.ts';

/**
 * Provider: client accounts — create, suspend/re-activate, schedule deletion or restore
 * (decision 0250; the account's page in Operations also exports it), and create its users.
 */
export function TenantsSection({ workspaceId }: { workspaceId: string }) {
  const tenants = useAdminQuery(workspaceId, 'tenants', null, (b) => b.admin.listTenants({ workspaceId, query: { limit: 500 } }));
  const create = useAdminMutation(workspaceId, (b, name: string) => b.admin.createTenant({ workspaceId, tenant: { name } }));
  const update = useAdminMutation(workspaceId, (b, t: Tenant) =>
    b.admin.updateTenant({ workspaceId, tenantId: t.id, change: { status: t.status === 'active' ? 'suspended' : 'active' } }),
  );
  const restore = useAdminMutation(workspaceId, (b, t: Tenant) => b.admin.restoreTenant({ workspaceId, tenantId: t.id }));
  const [userFor, setUserFor] = useState<Tenant | null>(null);
  const [deleting, setDeleting] = useState<Tenant | null>(null);
  const units = useUnits();

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = field(new FormData(form), 'name');
    create.mutate(name, { onSuccess: () => (form.reset(), toast.success(`${name} created`)) });
  };

  return (
    <div className="admin-section">
      <h3>Client accounts</h3>
      <form className="admin-form admin-form--inline" onSubmit={onCreate}>
        <TextField id="tenant-name" name="name" label="New account name" required minLength={2} />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create account
        </button>
      </form>
      <ErrorNote error={create.error ?? update.error ?? restore.error} />
      {tenants.isPending ? (
        <Spinner />
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Devices</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {tenants.data?.items.map((t) => (
              <Fragment key={t.id}>
                <tr>
                  <td>{t.name}</td>
                  <td>{t.kind}</td>
                  <td className={`tenant-status--${t.status}`}>{statusWords(t, (ms) => units.dateTime(ms))}</td>
                  <td>{t.deviceCount}</td>
                  <td className="admin-table__actions">
                    {t.kind === 'client' && t.status === 'pending-deletion' && (
                      <button type="button" className="button button--link" disabled={restore.isPending} onClick={() => restore.mutate(t, { onSuccess: (r) => toast.success(`${r.name} is restored`) })}>
                        Restore
                      </button>
                    )}
                    {t.kind === 'client' && t.status !== 'pending-deletion' && (
                      <>
                        <button type="button" className="button button--link" onClick={() => setUserFor(t)}>
                          Add user
                        </button>
                        <button type="button" className="button button--link" onClick={() => update.mutate(t)}>
                          {t.status === 'active' ? 'Suspend' : 'Re-activate'}
                        </button>
                        <button type="button" className="button button--link" onClick={() => setDeleting(t)}>
                          Schedule deletion…
                        </button>
                      </>
                    )}
                  </td>
                </tr>
                {userFor?.id === t.id && (
                  <RowEditor columns={5}>
                    <TenantUserForm workspaceId={workspaceId} tenant={userFor} onDone={() => setUserFor(null)} />
                  </RowEditor>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={tenants.error} />
      {deleting && <ScheduleDeletionDialog workspaceId={workspaceId} tenant={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function TenantUserForm({ workspaceId, tenant, onDone }: { workspaceId: string; tenant: Tenant; onDone(): void }) {
  const create = useAdminMutation(workspaceId, (b, form: FormData) =>
    b.admin.createTenantUser({
      workspaceId,
      tenantId: tenant.id,
      user: {
        username: field(form, 'username'),
        displayName: field(form, 'displayName'),
        password: String(form.get('password') ?? ''),
        role: field(form, 'role') as 'owner' | 'admin',
      },
    }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(new FormData(event.currentTarget), { onSuccess: onDone });
  };
  return (
    <form className="admin-form" onSubmit={onSubmit} aria-label={`New user in ${tenant.name}`}>
      <h4>New user in {tenant.name}</h4>
      <TextField id="tu-username" name="username" label="Username" required autoComplete="off" />
      <TextField id="tu-display" name="displayName" label="Full name" required />
      <TextField id="tu-password" name="password" type="password" label="Initial password" hint="At least 10 characters." required autoComplete="new-password" />
      <label className="field__label" htmlFor="tu-role">
        Role
      </label>
      <select id="tu-role" name="role" className="input" defaultValue="admin">
        <option value="owner">Owner</option>
        <option value="admin">Admin</option>
      </select>
      <ErrorNote error={create.error} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create user
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
