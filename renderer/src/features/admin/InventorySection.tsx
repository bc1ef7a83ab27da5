import { Fragment, useState, type FormEvent } from 'react';
import { RowEditor } from './RowEditor.tsx';
import type { RegistryDevice } from '../../../../contract/api/device-registry.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { useUnits } from '../../ui/units.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { field, useAdminMutation, useAdminQuery } from './use-admin.ts';

interface AssignInput {
  unit: RegistryDevice;
  form: FormData;
}

/** Provider: hardware units; register, assign to an account, transfer, take back into stock. */
export function InventorySection({ workspaceId }: { workspaceId: string }) {
  const units = useAdminQuery(workspaceId, 'inventory', null, (b) => b.admin.listInventory({ workspaceId, query: { limit: 500 } }));
  const tenants = useAdminQuery(workspaceId, 'tenants', null, (b) => b.admin.listTenants({ workspaceId, query: { limit: 500 } }));
  const register = useAdminMutation(workspaceId, (b, uniqueId: string) => b.admin.registerUnit({ workspaceId, unit: { uniqueId } }));
  const assign = useAdminMutation(workspaceId, (b, { unit, form }: AssignInput) =>
    b.admin.assignUnit({
      workspaceId,
      unitId: unit.id,
      mode: unit.status === 'assigned' ? 'transfer' : 'assign',
      target: { tenantId: field(form, 'tenantId'), name: field(form, 'name'), ...(field(form, 'plate') ? { plate: field(form, 'plate') } : {}) },
    }),
  );
  const unassign = useAdminMutation(workspaceId, (b, unit: RegistryDevice) => b.admin.unassignUnit({ workspaceId, unitId: unit.id }));
  const [moving, setMoving] = useState<RegistryDevice | null>(null);
  const [secret, setSecret] = useState<{ uniqueId: string; secret: string } | null>(null);
  const [historyOf, setHistoryOf] = useState<RegistryDevice | null>(null);
  const clients = tenants.data?.items.filter((t) => t.kind === 'client' && t.status !== 'deleted') ?? [];

  const onRegister = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    register.mutate(field(new FormData(form), 'uniqueId'), {
      onSuccess: (created) => {
        form.reset();
        setSecret({ uniqueId: created.device.uniqueId, secret: created.secret });
        toast.success(`Unit ${created.device.uniqueId} registered`);
      },
    });
  };
  const onAssign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (moving) assign.mutate({ unit: moving, form: new FormData(event.currentTarget) }, { onSuccess: () => (toast.success(`Unit ${moving.uniqueId} assigned`), setMoving(null)) });
  };

  return (
    <div className="admin-section">
      <h3>Device inventory</h3>
      <form className="admin-form admin-form--inline" onSubmit={onRegister}>
        <TextField id="unit-id" name="uniqueId" label="New unit id (IMEI / dongle id)" required pattern="[A-Za-z0-9._\-]+" />
        <button type="submit" className="button button--primary" disabled={register.isPending}>
          Register unit
        </button>
      </form>
      {secret && <OneTimeSecret uniqueId={secret.uniqueId} secret={secret.secret} />}
      <ErrorNote error={register.error ?? unassign.error} />
      {units.isPending ? (
        <Spinner />
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Unit id</th>
              <th>Model</th>
              <th>Account</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {units.data?.items.map((u) => (
              <Fragment key={u.id}>
                <tr>
                  <td>{u.uniqueId}</td>
                  <td>{u.model ?? '—'}</td>
                  <td>{u.tenant?.name ?? <span className="admin-muted">In stock (reports rejected)</span>}</td>
                  <td className="admin-table__actions">
                    <button type="button" className="button button--link" onClick={() => setMoving(u)} aria-label={`${u.status === 'assigned' ? 'Transfer' : 'Assign'} ${u.uniqueId}`}>
                      {u.status === 'assigned' ? 'Transfer' : 'Assign'}
                    </button>
                    <button type="button" className="button button--link" onClick={() => setHistoryOf(u)}>
                      History
                    </button>
                    {u.status === 'assigned' && (
                      <button type="button" className="button button--link" onClick={() => unassign.mutate(u)}>
                        Unassign
                      </button>
                    )}
                  </td>
                </tr>
                {moving?.id === u.id && (
                  <RowEditor columns={4}>
                    <form className="admin-form" onSubmit={onAssign} aria-label={`Assign ${moving.uniqueId}`}>
                      <h4>{moving.status === 'assigned' ? `Transfer ${moving.uniqueId} from ${moving.tenant?.name}` : `Assign ${moving.uniqueId}`}</h4>
                      <label className="field__label" htmlFor="assign-tenant">
                        Client account
                      </label>
                      <select id="assign-tenant" name="tenantId" className="input" required>
                        {clients.filter((t) => t.id !== moving.tenant?.id).map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name}
                          </option>
                        ))}
                      </select>
                      <TextField id="assign-name" name="name" label="Vehicle name" required />
                      <TextField id="assign-plate" name="plate" label="Plate (optional)" />
                      <ErrorNote error={assign.error} />
                      <div className="admin-form__actions">
                        <button type="submit" className="button button--primary" disabled={assign.isPending}>
                          {moving.status === 'assigned' ? 'Transfer' : 'Assign'}
                        </button>
                        <button type="button" className="button button--ghost" onClick={() => setMoving(null)}>
                          Cancel
                        </button>
                      </div>
                    </form>
                  </RowEditor>
                )}
                {historyOf?.id === u.id && (
                  <RowEditor columns={4}>
                    <UnitHistory workspaceId={workspaceId} unit={historyOf} onClose={() => setHistoryOf(null)} />
                  </RowEditor>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={units.error} />
    </div>
  );
}

/** Which accounts had a unit, and when; data reported in each period stays with that account. */
function UnitHistory({ workspaceId, unit, onClose }: { workspaceId: string; unit: RegistryDevice; onClose(): void }) {
  const history = useAdminQuery(workspaceId, 'unit-history', unit.id, (b) => b.admin.unitHistory({ workspaceId, unitId: unit.id }));
  const units = useUnits();
  return (
    <div className="admin-form" role="region" aria-label={`History of ${unit.uniqueId}`}>
      <h4>History of {unit.uniqueId}</h4>
      <ErrorNote error={history.error} />
      <ol>
        {history.data?.assignments.map((a) => (
          <li key={`${a.tenant.id}:${a.assignedAt}`}>
            {a.tenant.name}: from {units.dateTime(Date.parse(a.assignedAt))}
            {a.endedAt ? ` until ${units.dateTime(Date.parse(a.endedAt))} (${a.endReason})` : ' (current)'}
          </li>
        ))}
        {history.data?.assignments.length === 0 && <li>Never assigned.</li>}
      </ol>
      <div className="admin-form__actions">
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close history
        </button>
      </div>
    </div>
  );
}
