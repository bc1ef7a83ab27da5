import { useState } from 'react';
import type { ActiveSupportGrant } from '../../../../contract/api/support.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { SupportSessionView } from './SupportSessionView.tsx';
import { useAdminQuery } from './use-admin.ts';
import { accessWords } from './support-words.ts';

/**
 * The operator's way into a client account (decision 0210): only the accounts whose owner
 * granted support access now, with its terms; opening one starts a support session.
 */
export function SupportSessionsSection({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const [open, setOpen] = useState<ActiveSupportGrant | null>(null);
  const grants = useAdminQuery(workspaceId, 'support-active', null, (b) => b.support.activeGrants({ workspaceId }));
  if (open) return <SupportSessionView workspaceId={workspaceId} grant={open} onClose={() => (setOpen(null), void grants.refetch())} />;
  return (
    <div className="admin-section">
      <h3>Support sessions</h3>
      <p className="admin-muted">An account can be opened only while its owner grants support access, and only as far as they grant it. Everything you do is written to that account&apos;s audit log.</p>
      <button type="button" className="button" onClick={() => void grants.refetch()}>
        Refresh
      </button>
      <ErrorNote error={grants.error} />
      {grants.isPending ? (
        <Spinner />
      ) : grants.data?.items.length === 0 ? (
        <p className="admin-muted">No account grants support access at the moment.</p>
      ) : (
        <table className="admin-table" aria-label="Accounts that grant support access">
          <thead>
            <tr>
              <th>Account</th>
              <th>Access</th>
              <th>Groups</th>
              <th>Granted by</th>
              <th>Ends</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {grants.data?.items.map((g) => (
              <tr key={g.id}>
                <td>{g.tenantName}</td>
                <td>{accessWords(g.access)}</td>
                <td>{g.groupIds ? `${g.groupIds.length} group${g.groupIds.length === 1 ? '' : 's'}` : 'All groups'}</td>
                <td>{g.grantedByName}</td>
                <td>{units.dateTime(Date.parse(g.expiresAt))}</td>
                <td className="admin-table__actions">
                  <button type="button" className="button button--primary" onClick={() => setOpen(g)}>
                    Open {accessWords(g.access)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
