import { useState } from 'react';
import { Spinner } from '../../ui/Spinner.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { useUnits } from '../../ui/units.ts';
import { useAdminQuery } from './use-admin.ts';

const actionFilters = [
  ['', 'All changes'],
  ['tenants.', 'Accounts'],
  ['registry.', 'Device inventory'],
  ['devices.', 'Vehicles and assignments'],
  ['users.', 'Users and roles'],
  ['groups.', 'Groups'],
  ['settings.', 'Settings'],
  ['support.', 'Support access'],
] as const;

const show = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/** Who changed what, newest first; the provider sees every account's entries. */
export function AuditSection({ workspaceId, showTenant }: { workspaceId: string; showTenant: boolean }) {
  const [action, setAction] = useState('');
  const units = useUnits();
  const audit = useAdminQuery(workspaceId, 'audit', action, (b) => b.admin.listAudit({ workspaceId, query: { limit: 200, ...(action ? { action } : {}) } }));
  return (
    <div className="admin-section">
      <h3>Audit log</h3>
      <label className="field__label" htmlFor="audit-filter">
        Show
        <select id="audit-filter" className="input" value={action} onChange={(e) => setAction(e.target.value)}>
          {actionFilters.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={audit.error} />
      {audit.isPending ? (
        <Spinner />
      ) : (
        <table className="admin-table admin-table--audit">
          <thead>
            <tr>
              <th>When</th>
              {showTenant && <th>Account</th>}
              <th>Who</th>
              <th>What</th>
              <th>Target</th>
              <th>Before → after</th>
            </tr>
          </thead>
          <tbody>
            {audit.data?.items.map((e) => (
              <tr key={`${e.tenantId}:${e.id}`}>
                <td>{units.dateTime(Date.parse(e.at))}</td>
                {showTenant && <td>{e.tenantName}</td>}
                {/* An entry written from another account is the provider's (support, assignments). */}
                <td>{e.actor.tenantId !== e.tenantId && !showTenant ? `${e.actor.name} (provider support)` : e.actor.name}</td>
                <td>{e.action}</td>
                <td>{e.targetLabel ?? e.targetType}</td>
                <td className="admin-diff">
                  {show(e.before)} {e.after !== null && e.after !== undefined ? `→ ${show(e.after)}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.data && <p className="admin-muted">{audit.data.total} entries</p>}
    </div>
  );
}
